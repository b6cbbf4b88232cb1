using System.Text.RegularExpressions;

namespace Weft.Engine.Expressions;

/// <summary>
/// A recursive-descent parser, one method per precedence level (lowest first). Operators of one level are read in
/// a loop into one chain node, so only brackets, unary operators and the ternary nest; that nesting is counted and
/// refused past <see cref="Expression.MaxDepth"/>, so no input can run the parser or the evaluator out of stack.
/// </summary>
internal sealed class Parser
{
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal) { "and", "or", "not", "in", "true", "false", "null", "nil" };

    private readonly Lexer _lexer;
    private Token _current;
    private Token? _next;
    private int _depth;

    private Parser(string text, int start)
    {
        _lexer = new Lexer(text, start);
        _current = _lexer.Next();
    }

    private string Text => _lexer.Text;

    public static Node ParseExpression(string text)
    {
        if (text.Length > Expression.MaxLength)
        {
            throw new ExpressionException(text, Expression.MaxLength + 1, $"it is {text.Length:N0} characters long; the limit is {Expression.MaxLength:N0}", isParseError: true);
        }

        var parser = new Parser(text, 0);
        if (parser._current.Kind == TokenKind.End)
        {
            throw new ExpressionException(text, 1, "it is empty; write a value or a condition such as amount > 100", isParseError: true);
        }

        var node = parser.Ternary();
        if (parser._current.Kind != TokenKind.End)
        {
            throw parser.Error(parser._current, $"unexpected {Describe(parser._current)}; an operator such as '==' or '&&', or the end, was expected here");
        }

        return node;
    }

    /// <summary>Parses the <c>${…}</c> that starts at <paramref name="start"/> of a template and returns it with the index just past its '}'.</summary>
    public static (Node Node, int End) ParseHole(string text, int start)
    {
        var parser = new Parser(text, start);
        var open = parser._current;
        parser.Advance();
        var node = parser.Ternary();
        if (parser._current.Kind != TokenKind.RightBrace)
        {
            throw parser.Error(parser._current, $"expected '}}' to close the '${{' at position {open.Position}, found {Describe(parser._current)}");
        }

        // The '}' is not consumed: what follows it is template text, not an expression.
        return (node, parser._current.End);
    }

    private static string Describe(Token token) => token.Kind == TokenKind.End ? "the end" : $"'{ExpressionException.Quote(token.Text)}'";

    private Node Ternary()
    {
        var condition = Coalesce();
        if (_current.Kind != TokenKind.Question)
        {
            return condition;
        }

        var question = _current;
        Enter(question);
        Advance();
        var whenTrue = Ternary();
        if (_current.Kind != TokenKind.Colon)
        {
            throw Error(_current, $"expected ':' of the '?' at position {question.Position}, found {Describe(_current)}");
        }

        Advance();
        var whenFalse = Ternary();
        _depth--;
        return new TernaryNode(condition, question.Position, whenTrue, whenFalse);
    }

    private Node Coalesce()
    {
        var first = Or();
        if (_current.Kind != TokenKind.QuestionQuestion)
        {
            return first;
        }

        var operands = new List<Node> { first };
        while (_current.Kind == TokenKind.QuestionQuestion)
        {
            Advance();
            operands.Add(Or());
        }

        return new CoalesceNode(operands);
    }

    private Node Or() => Logical(isAnd: false);

    private Node Logical(bool isAnd)
    {
        var first = isAnd ? Equality() : Logical(isAnd: true);
        var operands = new List<Node> { first };
        var operators = new List<Token>();
        while (isAnd ? _current.Kind == TokenKind.AndAnd || _current.IsWord("and") : _current.Kind == TokenKind.OrOr || _current.IsWord("or"))
        {
            operators.Add(_current);
            Advance();
            operands.Add(isAnd ? Equality() : Logical(isAnd: true));
        }

        return operators.Count == 0 ? first : new LogicalNode(isAnd, operands, operators);
    }

    private Node Equality() => Chain(Relational, token => token.Kind switch
    {
        TokenKind.EqualEqual => BinaryOperator.Equal,
        TokenKind.BangEqual => BinaryOperator.NotEqual,
        _ => null,
    });

    private Node Relational()
    {
        var first = Additive();
        var steps = new List<BinaryStep>();
        while (true)
        {
            var op = _current;
            var negated = false;
            if (op.IsWord("not"))
            {
                if (WordOperator(Peek()) is null)
                {
                    throw Error(Peek(), $"'not' between two values must be followed by 'in', 'contains', 'startsWith', 'endsWith' or 'matches', not {Describe(Peek())}");
                }

                negated = true;
                Advance();
            }

            var kind = op.Kind switch
            {
                TokenKind.Less => BinaryOperator.Less,
                TokenKind.LessEqual => BinaryOperator.LessOrEqual,
                TokenKind.Greater => BinaryOperator.Greater,
                TokenKind.GreaterEqual => BinaryOperator.GreaterOrEqual,
                _ => WordOperator(_current),
            };
            if (kind is not { } binary)
            {
                break;
            }

            var symbol = negated ? $"not {_current.Text}" : _current.Text;
            Advance();
            var right = Additive();
            var pattern = binary == BinaryOperator.Matches ? LiteralPattern(right) : null;
            steps.Add(new BinaryStep(binary, symbol, negated, op.Position, right, pattern));
        }

        return steps.Count == 0 ? first : new BinaryNode(first, steps);
    }

    private static BinaryOperator? WordOperator(Token token) => token.Kind != TokenKind.Name ? null : token.Text switch
    {
        "in" => BinaryOperator.In,
        "contains" => BinaryOperator.Contains,
        "startsWith" => BinaryOperator.StartsWith,
        "endsWith" => BinaryOperator.EndsWith,
        "matches" => BinaryOperator.Matches,
        _ => null,
    };

    private Node Additive() => Chain(Multiplicative, token => token.Kind switch
    {
        TokenKind.Plus => BinaryOperator.Add,
        TokenKind.Minus => BinaryOperator.Subtract,
        _ => null,
    });

    private Node Multiplicative() => Chain(Unary, token => token.Kind switch
    {
        TokenKind.Star => BinaryOperator.Multiply,
        TokenKind.Slash => BinaryOperator.Divide,
        TokenKind.Percent => BinaryOperator.Modulo,
        _ => null,
    });

    private Node Chain(Func<Node> operand, Func<Token, BinaryOperator?> operatorOf)
    {
        var first = operand();
        var steps = new List<BinaryStep>();
        while (operatorOf(_current) is { } binary)
        {
            var op = _current;
            Advance();
            steps.Add(new BinaryStep(binary, op.Text, false, op.Position, operand()));
        }

        return steps.Count == 0 ? first : new BinaryNode(first, steps);
    }

    private Node Unary()
    {
        var op = _current;
        if (op.Kind is not (TokenKind.Minus or TokenKind.Plus or TokenKind.Bang) && !op.IsWord("not"))
        {
            return Postfix();
        }

        Enter(op);
        Advance();
        var operand = Unary();
        _depth--;

        // A negative literal is a constant, so that [-1, 2] is still a list of literals.
        return op.Kind == TokenKind.Minus && operand is ConstantNode { Value: long or double } literal
            ? new ConstantNode(op.Start, operand.End, literal.Value is long l ? (object)(-l) : -(double)literal.Value)
            : new UnaryNode(op.Start, op.Text, operand);
    }

    private Node Postfix()
    {
        var root = Primary();
        var segments = new List<PathSegment>();
        var end = root.End;
        while (true)
        {
            var token = _current;
            if (token.Kind is TokenKind.Dot or TokenKind.QuestionDot)
            {
                Advance();
                if (_current.Kind != TokenKind.Name)
                {
                    throw Error(_current, $"expected a member name after '{token.Text}', found {Describe(_current)}");
                }

                segments.Add(new PathSegment(token.Start, _current.Text, null));
                end = _current.End;
                Advance();
            }
            else if (token.Kind == TokenKind.LeftBracket)
            {
                Enter(token);
                Advance();
                var index = Ternary();
                end = Expect(TokenKind.RightBracket, token).End;
                _depth--;
                segments.Add(new PathSegment(token.Start, null, index));
            }
            else
            {
                break;
            }
        }

        return segments.Count == 0 ? root : new PathNode(end, root, segments);
    }

    private Node Primary()
    {
        var token = _current;
        switch (token.Kind)
        {
            case TokenKind.Integer or TokenKind.Float or TokenKind.String:
                Advance();
                return new ConstantNode(token.Start, token.End, token.Value);
            case TokenKind.HashName:
                Advance();
                return new VariableNode(token.Start, token.End, token.Text);
            case TokenKind.Name:
                return Name(token);
            case TokenKind.LeftParen or TokenKind.DollarBrace:
                Enter(token);
                Advance();
                var inner = Ternary();
                var close = Expect(token.Kind == TokenKind.LeftParen ? TokenKind.RightParen : TokenKind.RightBrace, token);
                _depth--;
                return new GroupNode(token.Start, close.End, inner);
            case TokenKind.LeftBracket:
                return List(token);
            case TokenKind.LeftBrace:
                return Map(token);
            case TokenKind.End:
                throw Error(token, "it ends where a value is expected");
            default:
                throw Error(token, $"unexpected {Describe(token)}");
        }
    }

    private Node Name(Token token)
    {
        switch (token.Text)
        {
            case "true" or "false":
                Advance();
                return new ConstantNode(token.Start, token.End, token.Text == "true");
            case "null" or "nil":
                Advance();
                return new ConstantNode(token.Start, token.End, null);
        }

        if (Peek().Kind == TokenKind.LeftParen)
        {
            return Call(token);
        }

        if (Words.Contains(token.Text))
        {
            throw Error(token, $"unexpected '{token.Text}'; to read a variable of that name write #{token.Text}");
        }

        Advance();
        return new VariableNode(token.Start, token.End, token.Text);
    }

    private CallNode Call(Token name)
    {
        if (!Functions.TryGetArity(name.Text, out var min, out var max))
        {
            throw Error(name, $"unknown function '{name.Text}'; the functions are {Functions.Names}");
        }

        Enter(name);
        Advance();
        var open = _current;
        Advance();
        var arguments = new List<Node>();
        while (_current.Kind != TokenKind.RightParen)
        {
            arguments.Add(Ternary());
            if (_current.Kind != TokenKind.Comma)
            {
                break;
            }

            Advance();
        }

        var close = Expect(TokenKind.RightParen, open);
        _depth--;
        if (arguments.Count < min || arguments.Count > max)
        {
            var expected = min == max ? $"{min} argument{(min == 1 ? "" : "s")}" : $"at least {min} argument{(min == 1 ? "" : "s")}";
            throw Error(name, $"{name.Text}() takes {expected}, not {arguments.Count}");
        }

        var pattern = name.Text == "matches" ? LiteralPattern(arguments[1]) : null;
        return new CallNode(name.Start, close.End, name.Text, arguments, pattern);
    }

    private Node List(Token open)
    {
        Enter(open);
        Advance();
        var items = new List<Node>();
        while (_current.Kind != TokenKind.RightBracket)
        {
            items.Add(Ternary());
            if (_current.Kind != TokenKind.Comma)
            {
                break;
            }

            Advance();
        }

        var close = Expect(TokenKind.RightBracket, open);
        _depth--;
        return items.TrueForAll(item => item is ConstantNode)
            ? new ConstantNode(open.Start, close.End, items.Select(item => ((ConstantNode)item).Value).ToArray())
            : new ListNode(open.Start, close.End, items);
    }

    private Node Map(Token open)
    {
        Enter(open);
        Advance();
        var entries = new List<KeyValuePair<string, Node>>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (_current.Kind != TokenKind.RightBrace)
        {
            var key = _current;
            if (key.Kind is not (TokenKind.Name or TokenKind.String))
            {
                throw Error(key, $"expected a key (a name or a string) in the object, found {Describe(key)}");
            }

            var name = key.Kind == TokenKind.String ? (string)key.Value! : key.Text;
            if (!keys.Add(name))
            {
                throw Error(key, $"the key '{ExpressionException.Quote(name)}' appears twice in the object");
            }

            Advance();
            if (_current.Kind != TokenKind.Colon)
            {
                throw Error(_current, $"expected ':' after the key '{ExpressionException.Quote(name)}', found {Describe(_current)}");
            }

            Advance();
            entries.Add(KeyValuePair.Create(name, Ternary()));
            if (_current.Kind != TokenKind.Comma)
            {
                break;
            }

            Advance();
        }

        var close = Expect(TokenKind.RightBrace, open);
        _depth--;
        if (!entries.TrueForAll(entry => entry.Value is ConstantNode))
        {
            return new MapNode(open.Start, close.End, entries);
        }

        var map = new OrderedDictionary<string, object?>(entries.Count, StringComparer.Ordinal);
        foreach (var (key, node) in entries)
        {
            map.Add(key, ((ConstantNode)node).Value);
        }

        return new ConstantNode(open.Start, close.End, map);
    }

    /// <summary>Compiles a literal pattern now, once, so that a bad one is an error of the definition and a good one is not compiled per evaluation.</summary>
    private Regex? LiteralPattern(Node pattern)
    {
        if (Unwrap(pattern) is not ConstantNode { Value: string text })
        {
            return null;
        }

        try
        {
            return new Regex(text, Expression.PatternOptions, Expression.RegexTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new ExpressionException(Text, pattern.Position, $"the pattern '{ExpressionException.Quote(text)}' is not a valid regular expression: {ex.Message}", isParseError: true);
        }
    }

    private static Node Unwrap(Node node) => node is GroupNode group ? Unwrap(group.Inner) : node;

    private Token Expect(TokenKind kind, Token open)
    {
        if (_current.Kind != kind)
        {
            var closer = kind switch
            {
                TokenKind.RightParen => ")",
                TokenKind.RightBracket => "]",
                _ => "}",
            };
            throw Error(_current, $"expected '{closer}' to close the '{open.Text}' at position {open.Position}, found {Describe(_current)}");
        }

        var token = _current;
        Advance();
        return token;
    }

    private void Enter(Token token)
    {
        if (++_depth > Expression.MaxDepth)
        {
            throw Error(token, $"it nests more than {Expression.MaxDepth} levels deep (brackets, unary operators and '?:'); split it into simpler expressions");
        }
    }

    private void Advance()
    {
        if (_next is { } next)
        {
            _current = next;
            _next = null;
        }
        else
        {
            _current = _lexer.Next();
        }
    }

    private Token Peek() => _next ??= _lexer.Next();

    private ExpressionException Error(Token token, string reason) => new(Text, token.Position, reason, isParseError: true);
}
