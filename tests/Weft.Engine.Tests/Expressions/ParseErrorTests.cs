using Weft.Engine.Expressions;
using static Weft.Engine.Tests.Expressions.Eval;

namespace Weft.Engine.Tests.Expressions;

public sealed class ParseErrorTests
{
    [Theory]
    [InlineData("amount >> 5", 9, "unexpected '>'")]
    [InlineData("amount = 5", 8, "'=' is not an operator; write '==' to compare")]
    [InlineData("a & b", 3, "'&' is not an operator; write '&&' or 'and'")]
    [InlineData("a | b", 3, "'|' is not an operator; write '||' or 'or'")]
    [InlineData("", 1, "it is empty; write a value or a condition such as amount > 100")]
    [InlineData("   ", 1, "it is empty; write a value or a condition such as amount > 100")]
    [InlineData("amount >", 9, "it ends where a value is expected")]
    [InlineData("a b", 3, "unexpected 'b'; an operator such as '==' or '&&', or the end, was expected here")]
    [InlineData("(a", 3, "expected ')' to close the '(' at position 1, found the end")]
    [InlineData("a)", 2, "unexpected ')'; an operator such as '==' or '&&', or the end, was expected here")]
    [InlineData("[1, 2", 6, "expected ']' to close the '[' at position 1, found the end")]
    [InlineData("[1 2]", 4, "expected ']' to close the '[' at position 1, found '2'")]
    [InlineData("{a 1}", 4, "expected ':' after the key 'a', found '1'")]
    [InlineData("{a: 1, a: 2}", 8, "the key 'a' appears twice in the object")]
    [InlineData("{1: 2}", 2, "expected a key (a name or a string) in the object, found '1'")]
    [InlineData("${a", 4, "expected '}' to close the '${' at position 1, found the end")]
    [InlineData("x[0", 4, "expected ']' to close the '[' at position 2, found the end")]
    [InlineData("a ? 1", 6, "expected ':' of the '?' at position 3, found the end")]
    [InlineData("a.", 3, "expected a member name after '.', found the end")]
    [InlineData("a.1", 3, "expected a member name after '.', found '1'")]
    [InlineData("a not b", 7, "'not' between two values must be followed by 'in', 'contains', 'startsWith', 'endsWith' or 'matches', not 'b'")]
    [InlineData("x == and", 6, "unexpected 'and'; to read a variable of that name write #and")]
    [InlineData("'abc", 1, "the string that starts here is not closed; end it with '")]
    [InlineData("x == \"abc", 6, "the string that starts here is not closed; end it with \"")]
    [InlineData("`abc", 1, "the string that starts here is not closed; end it with `")]
    [InlineData(@"'a\qb'", 3, @"unknown escape '\q' in a string; the escapes are \n \t \r \b \f \0 \\ \' \"" \` \/ and \uXXXX")]
    [InlineData(@"'\u12'", 2, @"'\u' must be followed by 4 hexadecimal digits, as in \u00e9")]
    [InlineData(@"'\uD83D'", 1, @"the string holds half of a surrogate pair (\uD83D); write both halves, as in \uD83D\uDE00")]
    [InlineData("1e", 1, "the number '1e' needs digits after its exponent, as in 1e3")]
    [InlineData("1e999", 1, "the number 1e999 is too large")]
    [InlineData("# x", 1, "'#' must be followed by a variable name, as in #amount")]
    [InlineData("$x", 1, "unexpected '$'; write '${' and '}' around an expression, or '$env' for all the variables")]
    [InlineData("a @ b", 3, "unexpected character '@'")]
    [InlineData("a ; b", 3, "unexpected character ';'")]
    [InlineData("foo(1)", 1, "unknown function 'foo'; the functions are abs, contains, endsWith, float, int, len, lower, matches, max, min, startsWith, string, trim, upper")]
    [InlineData("len(1, 2)", 1, "len() takes 1 argument, not 2")]
    [InlineData("contains(x)", 1, "contains() takes 2 arguments, not 1")]
    [InlineData("min()", 1, "min() takes at least 1 argument, not 0")]
    [InlineData("len(1", 6, "expected ')' to close the '(' at position 4, found the end")]
    [InlineData("a.b(1)", 4, "unexpected '('; an operator such as '==' or '&&', or the end, was expected here")]
    [InlineData("x matches '('", 11, "the pattern '(' is not a valid regular expression: Invalid pattern '(' at offset 1. Not enough )'s.")]
    [InlineData("matches(x, '[a-')", 12, "the pattern '[a-' is not a valid regular expression: Invalid pattern '[a-' at offset 3. Unterminated [] set.")]
    public void Parse_errors_name_the_expression_and_the_position(string expression, int position, string reason)
    {
        var error = Assert.Throws<ExpressionException>(() => Expression.Parse(expression));

        Assert.Equal($"Expression '{expression}' has an error at position {position}: {reason}", error.Message);
        Assert.Equal(position, error.Position);
        Assert.Equal(reason, error.Reason);
        Assert.True(error.IsParseError);
        Assert.Equal(expression, error.ExpressionText);
    }

    [Fact]
    public void The_example_of_the_documentation_reads_as_promised()
    {
        Assert.Equal("Expression 'amount >> 5' has an error at position 9: unexpected '>'", ParseError("amount >> 5"));
    }

    [Fact]
    public void Positions_count_characters_across_lines()
    {
        var error = Assert.Throws<ExpressionException>(() => Expression.Parse("a &&\n  b ==\n"));

        Assert.Equal(13, error.Position);
    }

    [Theory]
    [InlineData("amount >> 5")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("'unterminated")]
    [InlineData("((((")]
    public void TryParse_reports_bad_input_without_throwing(string? text)
    {
        Assert.False(Expression.TryParse(text, out var expression, out var error));
        Assert.Null(expression);
        Assert.StartsWith("Expression '", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_gives_the_expression_for_good_input()
    {
        Assert.True(Expression.TryParse("amount > 1000 && customer.tier == 'gold'", out var expression, out var error));
        Assert.Null(error);
        Assert.Equal("amount > 1000 && customer.tier == 'gold'", expression!.Text);
    }

    [Fact]
    public void A_long_expression_is_quoted_shortened_in_messages()
    {
        var text = new string('a', 300) + " >";

        var error = Assert.Throws<ExpressionException>(() => Expression.Parse(text));

        Assert.Equal($"Expression '{new string('a', 200)}…' has an error at position 303: it ends where a value is expected", error.Message);
        Assert.Equal(text, error.ExpressionText);
    }
}
