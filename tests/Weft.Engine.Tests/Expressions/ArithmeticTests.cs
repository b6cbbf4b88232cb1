using static Weft.Engine.Tests.Expressions.Eval;

namespace Weft.Engine.Tests.Expressions;

public sealed class ArithmeticTests
{
    [Theory]
    [InlineData("1 + 2", "3")]
    [InlineData("5 - 8", "-3")]
    [InlineData("4 * 5", "20")]
    [InlineData("7 % 3", "1")]
    [InlineData("-7 % 3", "-1")]
    [InlineData("7 % -3", "1")]
    [InlineData("1.5 + 1", "2.5")]
    [InlineData("0.1 + 0.2", "0.30000000000000004")]
    [InlineData("2.5 * 2", "5")]
    [InlineData("7.5 % 2", "1.5")]
    [InlineData("10 - 0.5", "9.5")]
    [InlineData("-x", "-4")]
    [InlineData("+x", "4")]
    [InlineData("- -x", "4")]
    [InlineData("-(1.5)", "-1.5")]
    public void Arithmetic_on_numbers(string expression, string expected)
    {
        Assert.Equal(expected, Json(expression, """{"x":4}"""));
    }

    [Theory]
    [InlineData("1 + 2")]
    [InlineData("5 - 8")]
    [InlineData("4 * 5")]
    [InlineData("7 % 3")]
    [InlineData("-x")]
    [InlineData("x")]
    [InlineData("abs(-x)")]
    [InlineData("-9223372036854775807")]
    public void Integer_operands_give_an_integer(string expression)
    {
        Assert.True(IsInt(Value(expression, """{"x":4}""")));
    }

    [Theory]
    [InlineData("1 + 2.0")]
    [InlineData("2.0 * 3")]
    [InlineData("6 / 3")]
    [InlineData("x / 2")]
    public void A_float_operand_or_division_gives_a_float(string expression)
    {
        Assert.True(IsFloat(Value(expression, """{"x":4}""")));
    }

    [Theory]
    [InlineData("7 / 2", "3.5")]
    [InlineData("6 / 3", "2")]
    [InlineData("1 / 3", "0.3333333333333333")]
    [InlineData("-9 / 4", "-2.25")]
    public void Division_always_gives_a_float(string expression, string expected)
    {
        Assert.Equal(expected, Json(expression));
    }

    [Fact]
    public void Integer_arithmetic_is_exact_beyond_the_precision_of_a_float()
    {
        Assert.Equal("9007199254740993", Json("9007199254740992 + 1"));
        Assert.Equal("9223372036854775807", Json("9223372036854775806 + 1"));
    }

    [Theory]
    [InlineData("'ab' + 'cd'", "\"abcd\"")]
    [InlineData("'' + ''", "\"\"")]
    [InlineData("first + ' ' + last", "\"Ada Lovelace\"")]
    [InlineData("[1, 2] + [3]", "[1,2,3]")]
    [InlineData("[] + []", "[]")]
    [InlineData("items + ['c']", """["a","b","c"]""")]
    [InlineData("items + items", """["a","b","a","b"]""")]
    public void Plus_joins_strings_and_lists(string expression, string expected)
    {
        Assert.Equal(expected, Json(expression, """{"first":"Ada","last":"Lovelace","items":["a","b"]}"""));
    }

    [Fact]
    public void Joining_lists_leaves_the_variables_unchanged()
    {
        var variables = Vars("""{"items":["a"]}""");

        var result = Weft.Engine.Expressions.Expression.Parse("items + ['b']").Evaluate(variables)!.AsArray();
        result.Add("c");

        Assert.Equal("""{"items":["a"]}""", variables.ToJsonString());
    }

    [Theory]
    [InlineData("price * quantity", "29.97")]
    [InlineData("price * quantity - discount", "24.97")]
    [InlineData("(price - discount) * quantity", "14.97")]
    public void Arithmetic_on_variables(string expression, string expected)
    {
        Assert.Equal(expected, Json(expression, """{"price":9.99,"quantity":3,"discount":5}"""));
    }
}
