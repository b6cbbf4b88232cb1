using static Weft.Engine.Tests.Expressions.Eval;

namespace Weft.Engine.Tests.Expressions;

public sealed class MembershipTests
{
    private const string Variables = """{"roles":["USER","ADMIN"],"scores":[1,2.5,{"a":1}],"order":{"id":7,"note":null},"text":"hello world","status":"OPEN"}""";

    [Theory]
    [InlineData("'ADMIN' in roles", true)]
    [InlineData("'admin' in roles", false)]
    [InlineData("2.5 in scores", true)]
    [InlineData("1.0 in scores", true)]
    [InlineData("{a: 1} in scores", true)]
    [InlineData("'1' in scores", false)]
    [InlineData("null in [1, null]", true)]
    [InlineData("3 in []", false)]
    [InlineData("'id' in order", true)]
    [InlineData("'note' in order", true)]
    [InlineData("'total' in order", false)]
    [InlineData("'world' in text", true)]
    [InlineData("'World' in text", false)]
    [InlineData("'' in text", true)]
    [InlineData("'SUPER' not in roles", true)]
    [InlineData("'ADMIN' not in roles", false)]
    [InlineData("'total' not in order", true)]
    [InlineData("status in ['NEW', 'OPEN']", true)]
    public void In_finds_elements_of_lists_keys_of_objects_and_parts_of_strings(string expression, bool expected)
    {
        Assert.Equal(expected, Condition(expression, Variables));
    }

    [Theory]
    [InlineData("contains(roles, 'ADMIN')", true)]
    [InlineData("contains(roles, \"SUPERUSER\")", false)]
    [InlineData("contains(text, 'lo w')", true)]
    [InlineData("contains(order, 'id')", true)]
    [InlineData("roles contains 'USER'", true)]
    [InlineData("text contains 'xyz'", false)]
    [InlineData("text not contains 'xyz'", true)]
    [InlineData("contains(scores, 2.5) && !contains(scores, 3)", true)]
    public void Contains_is_in_with_the_operands_the_other_way_round(string expression, bool expected)
    {
        Assert.Equal(expected, Condition(expression, Variables));
    }
}
