using static Weft.Engine.Tests.Expressions.Eval;

namespace Weft.Engine.Tests.Expressions;

public sealed class PrecedenceTests
{
    [Theory]
    [InlineData("1 + 2 * 3", "7")]
    [InlineData("(1 + 2) * 3", "9")]
    [InlineData("10 - 4 - 3", "3")]
    [InlineData("10 - (4 - 3)", "9")]
    [InlineData("2 * 3 % 4", "2")]
    [InlineData("2 * (3 % 4)", "6")]
    [InlineData("12 / 3 / 2", "2")]
    [InlineData("-2 * 3", "-6")]
    [InlineData("-(2 + 3) * 2", "-10")]
    [InlineData("1 - -1", "2")]
    [InlineData("2 * -x", "-6")]
    [InlineData("-o.y", "-1")]
    [InlineData("'a' + 'b' + 'c'", "\"abc\"")]
    public void Multiplication_binds_tighter_than_addition_and_both_go_left_to_right(string expression, string expected)
    {
        Assert.Equal(expected, Json(expression, """{"x":3,"o":{"y":1}}"""));
    }

    [Theory]
    [InlineData("1 + 2 == 3", true)]
    [InlineData("2 * 3 > 5", true)]
    [InlineData("1 < 2 == true", true)]
    [InlineData("1 < 2 == 2 < 3", true)]
    [InlineData("1 == 1 && 2 == 2", true)]
    [InlineData("true || false && false", true)]
    [InlineData("(true || false) && false", false)]
    [InlineData("false && false || true", true)]
    [InlineData("true or false and false", true)]
    [InlineData("!false && false", false)]
    [InlineData("!(false && false)", true)]
    [InlineData("not (1 > 2) == true", true)]
    [InlineData("1 in [1, 2] == true", true)]
    [InlineData("1 + 1 in [2]", true)]
    [InlineData("'a' + 'b' in 'xaby'", true)]
    public void Comparison_binds_tighter_than_logic_and_arithmetic_tighter_than_comparison(string expression, bool expected)
    {
        Assert.Equal(expected, Condition(expression));
    }

    [Theory]
    [InlineData("true ? 1 : 2 + 10", "1")]
    [InlineData("false ? 1 : 2 + 10", "12")]
    [InlineData("missing ?? 1 + 1", "2")]
    [InlineData("missing ?? false || true", "true")]
    [InlineData("missing ?? true ? 'a' : 'b'", "\"a\"")]
    [InlineData("false || true ?? 'x'", "true")]
    [InlineData("(missing ?? 2) * 3", "6")]
    [InlineData("1 > 2 ? 'a' : 'b' + 'c'", "\"bc\"")]
    public void Ternary_is_lowest_then_coalescing_then_or(string expression, string expected)
    {
        Assert.Equal(expected, Json(expression));
    }

    [Theory]
    [InlineData("a.b.c * 2", "6")]
    [InlineData("items[1] + items[0]", "30")]
    [InlineData("-items[0]", "-10")]
    [InlineData("!flags[0]", "false")]
    [InlineData("len(items) * 2", "4")]
    [InlineData("len('ab' + 'c')", "3")]
    public void Member_index_and_call_bind_tightest(string expression, string expected)
    {
        Assert.Equal(expected, Json(expression, """{"a":{"b":{"c":3}},"items":[10,20],"flags":[true]}"""));
    }
}
