using static Weft.Engine.Tests.Expressions.Eval;

namespace Weft.Engine.Tests.Expressions;

public sealed class LogicTests
{
    [Theory]
    [InlineData("true && true", true)]
    [InlineData("true && false", false)]
    [InlineData("false && true", false)]
    [InlineData("false || true", true)]
    [InlineData("false || false", false)]
    [InlineData("true and false", false)]
    [InlineData("false or true", true)]
    [InlineData("!true", false)]
    [InlineData("!false", true)]
    [InlineData("!!true", true)]
    [InlineData("not true", false)]
    [InlineData("not not true", true)]
    [InlineData("not (1 > 2)", true)]
    [InlineData("true && true && false", false)]
    [InlineData("false || false || true", true)]
    public void Boolean_operators(string expression, bool expected)
    {
        Assert.Equal(expected, Condition(expression));
    }

    [Theory]
    [InlineData("false && (1 / 0 == 1)", false)]
    [InlineData("true || (1 / 0 == 1)", true)]
    [InlineData("false and missing.x.y > 3", false)]
    [InlineData("true or 'not a boolean'", true)]
    [InlineData("false && 42", false)]
    [InlineData("x != null && x.size > 2", false)]
    public void And_and_or_stop_at_the_first_operand_that_decides(string expression, bool expected)
    {
        Assert.Equal(expected, Condition(expression));
    }

    [Theory]
    [InlineData("true ? 'yes' : 'no'", "\"yes\"")]
    [InlineData("false ? 'yes' : 'no'", "\"no\"")]
    [InlineData("amount > 100 ? 'big' : 'small'", "\"big\"")]
    [InlineData("true ? 1 : 1 / 0", "1")]
    [InlineData("false ? 1 / 0 : 2", "2")]
    [InlineData("false ? 1 : true ? 2 : 3", "2")]
    [InlineData("false ? 1 : false ? 2 : 3", "3")]
    [InlineData("true ? false ? 1 : 2 : 3", "2")]
    [InlineData("amount > 100 ? [amount] : {}", "[150]")]
    public void Ternary_evaluates_only_the_chosen_branch(string expression, string expected)
    {
        Assert.Equal(expected, Json(expression, """{"amount":150}"""));
    }

    [Theory]
    [InlineData("missing ?? 'default'", "\"default\"")]
    [InlineData("name ?? 'default'", "\"Ada\"")]
    [InlineData("empty ?? 'default'", "\"\"")]
    [InlineData("zero ?? 1", "0")]
    [InlineData("no ?? true", "false")]
    [InlineData("nothing ?? 'default'", "\"default\"")]
    [InlineData("missing ?? nothing ?? 3", "3")]
    [InlineData("missing ?? nothing", "null")]
    [InlineData("name ?? 1 / 0", "\"Ada\"")]
    [InlineData("customer.tier ?? 'basic'", "\"basic\"")]
    public void Coalescing_takes_the_first_value_that_is_not_null(string expression, string expected)
    {
        Assert.Equal(expected, Json(expression, """{"name":"Ada","empty":"","zero":0,"no":false,"nothing":null}"""));
    }
}
