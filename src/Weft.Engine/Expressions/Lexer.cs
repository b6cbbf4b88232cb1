using System.Globalization;
using System.Text;

namespace Weft.Engine.Expressions;

/// <summary>
/// Reads tokens one at a time, on demand: a template's <c>${…}</c> is lexed only up to its closing brace, so the
/// text after it (which is not an expression) is never read as one.
/// </summary>
internal sealed class Lexer(string text, int start)
{
    private int _index = start;

    public string Text => text;

    public Token Next()
    {
        while (_index < text.Length && char.IsWhiteSpace(text[_index]))
        {
            _index++;
        }

        if (_index >= text.Length)
        {
            return new Token(TokenKind.End, text.Length, text.Length, "");
        }

        var begin = _index;
        var c = text[_index];
        if (char.IsAsciiDigit(c))
        {
            return Number(begin);
        }

        if (c is '\'' or '"')
        {
            return QuotedString(begin, c);
        }

        if (c == '`')
        {
            return RawString(begin);
        }

        if (IsNameStart(c))
        {
            var name = Name();
            return new Token(TokenKind.Name, begin, _index, name);
        }

        switch (c)
        {
            case '#':
                _index++;
                if (_index >= text.Length || !IsNameStart(text[_index]))
                {
                    throw Error(begin, "'#' must be followed by a variable name, as in #amount");
                }

                var hashed = Name();
                return new Token(TokenKind.HashName, begin, _index, hashed);
            case '$':
                if (Peek(1) == '{')
                {
                    return Symbol(TokenKind.DollarBrace, 2);
                }

                if (string.CompareOrdinal(text, begin + 1, "env", 0, 3) == 0 && (begin + 4 >= text.Length || !IsNamePart(text[begin + 4])))
                {
                    _index += 4;
                    return new Token(TokenKind.Name, begin, _index, "$env");
                }

                throw Error(begin, "unexpected '$'; write '${' and '}' around an expression, or '$env' for all the variables");
            case '=' when Peek(1) == '=':
                return Symbol(TokenKind.EqualEqual, 2);
            case '=':
                throw Error(begin, "'=' is not an operator; write '==' to compare");
            case '!' when Peek(1) == '=':
                return Symbol(TokenKind.BangEqual, 2);
            case '!':
                return Symbol(TokenKind.Bang, 1);
            case '<' when Peek(1) == '=':
                return Symbol(TokenKind.LessEqual, 2);
            case '<':
                return Symbol(TokenKind.Less, 1);
            case '>' when Peek(1) == '=':
                return Symbol(TokenKind.GreaterEqual, 2);
            case '>':
                return Symbol(TokenKind.Greater, 1);
            case '&' when Peek(1) == '&':
                return Symbol(TokenKind.AndAnd, 2);
            case '&':
                throw Error(begin, "'&' is not an operator; write '&&' or 'and'");
            case '|' when Peek(1) == '|':
                return Symbol(TokenKind.OrOr, 2);
            case '|':
                throw Error(begin, "'|' is not an operator; write '||' or 'or'");
            case '?' when Peek(1) == '?':
                return Symbol(TokenKind.QuestionQuestion, 2);
            case '?' when Peek(1) == '.':
                return Symbol(TokenKind.QuestionDot, 2);
            case '?':
                return Symbol(TokenKind.Question, 1);
            case '+':
                return Symbol(TokenKind.Plus, 1);
            case '-':
                return Symbol(TokenKind.Minus, 1);
            case '*':
                return Symbol(TokenKind.Star, 1);
            case '/':
                return Symbol(TokenKind.Slash, 1);
            case '%':
                return Symbol(TokenKind.Percent, 1);
            case ':':
                return Symbol(TokenKind.Colon, 1);
            case '.':
                return Symbol(TokenKind.Dot, 1);
            case ',':
                return Symbol(TokenKind.Comma, 1);
            case '(':
                return Symbol(TokenKind.LeftParen, 1);
            case ')':
                return Symbol(TokenKind.RightParen, 1);
            case '[':
                return Symbol(TokenKind.LeftBracket, 1);
            case ']':
                return Symbol(TokenKind.RightBracket, 1);
            case '{':
                return Symbol(TokenKind.LeftBrace, 1);
            case '}':
                return Symbol(TokenKind.RightBrace, 1);
            default:
                throw Error(begin, $"unexpected character {Describe(text, begin)}");
        }
    }

    public static bool IsNameStart(char c) => char.IsLetter(c) || c == '_';

    public static bool IsNamePart(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static string Describe(string text, int index)
    {
        var c = text[index];
        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            return $"'{text.Substring(index, 2)}'";
        }

        return char.IsControl(c) || char.IsSurrogate(c) ? $"U+{(int)c:X4}" : $"'{c}'";
    }

    private char Peek(int offset) => _index + offset < text.Length ? text[_index + offset] : '\0';

    private Token Symbol(TokenKind kind, int length)
    {
        var begin = _index;
        _index += length;
        return new Token(kind, begin, _index, text.Substring(begin, length));
    }

    private string Name()
    {
        var begin = _index;
        while (_index < text.Length && IsNamePart(text[_index]))
        {
            _index++;
        }

        return text[begin.._index];
    }

    private Token Number(int begin)
    {
        SkipDigits();
        var isFloat = false;
        if (Peek(0) == '.' && char.IsAsciiDigit(Peek(1)))
        {
            isFloat = true;
            _index++;
            SkipDigits();
        }

        if (Peek(0) is 'e' or 'E')
        {
            isFloat = true;
            _index++;
            if (Peek(0) is '+' or '-')
            {
                _index++;
            }

            if (!char.IsAsciiDigit(Peek(0)))
            {
                throw Error(begin, $"the number '{text[begin.._index]}' needs digits after its exponent, as in 1e3");
            }

            SkipDigits();
        }

        var literal = text[begin.._index];
        if (!isFloat && long.TryParse(literal, NumberStyles.None, CultureInfo.InvariantCulture, out var whole))
        {
            return new Token(TokenKind.Integer, begin, _index, literal, whole);
        }

        // Whole numbers beyond the 64-bit range are read as floats, as numbers of the variables are.
        var value = double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value))
        {
            throw Error(begin, $"the number {ExpressionException.Quote(literal)} is too large");
        }

        return new Token(TokenKind.Float, begin, _index, literal, value);
    }

    private void SkipDigits()
    {
        while (char.IsAsciiDigit(Peek(0)))
        {
            _index++;
        }
    }

    private Token QuotedString(int begin, char quote)
    {
        var value = new StringBuilder();
        _index++;
        while (true)
        {
            if (_index >= text.Length)
            {
                throw Error(begin, $"the string that starts here is not closed; end it with {quote}");
            }

            var c = text[_index];
            if (c == quote)
            {
                _index++;
                break;
            }

            if (c != '\\')
            {
                value.Append(c);
                _index++;
                continue;
            }

            var escape = Peek(1);
            switch (escape)
            {
                case 'n': value.Append('\n'); break;
                case 't': value.Append('\t'); break;
                case 'r': value.Append('\r'); break;
                case 'b': value.Append('\b'); break;
                case 'f': value.Append('\f'); break;
                case '0': value.Append('\0'); break;
                case '\\' or '\'' or '"' or '`' or '/': value.Append(escape); break;
                case 'u':
                    var hex = _index + 6 <= text.Length ? text.Substring(_index + 2, 4) : "";
                    if (!ushort.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        throw Error(_index, "'\\u' must be followed by 4 hexadecimal digits, as in \\u00e9");
                    }

                    value.Append((char)code);
                    _index += 4;
                    break;
                default:
                    var shown = _index + 1 < text.Length ? $"'\\{escape}'" : "'\\' at the end";
                    throw Error(_index, $"unknown escape {shown} in a string; the escapes are \\n \\t \\r \\b \\f \\0 \\\\ \\' \\\" \\` \\/ and \\uXXXX");
            }

            _index += 2;
        }

        return StringToken(begin, value.ToString());
    }

    private Token RawString(int begin)
    {
        var close = text.IndexOf('`', begin + 1);
        if (close < 0)
        {
            throw Error(begin, "the string that starts here is not closed; end it with `");
        }

        _index = close + 1;
        return StringToken(begin, text[(begin + 1)..close]);
    }

    private Token StringToken(int begin, string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                throw Error(begin, $"the string holds half of a surrogate pair (\\u{(int)value[i]:X4}); write both halves, as in \\uD83D\\uDE00");
            }
        }

        return new Token(TokenKind.String, begin, _index, text[begin.._index], value);
    }

    private ExpressionException Error(int index, string reason) => new(text, index + 1, reason, isParseError: true);
}
