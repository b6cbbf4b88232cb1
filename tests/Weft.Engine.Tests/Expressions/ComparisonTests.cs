using static Weft.Engine.Tests.Expressions.Eval;

namespace Weft.Engine.Tests.Expressions;

public sealed class ComparisonTests
{
    private const string Variables = """
        {"n":5,"f":5.0,"s":"abc","t":true,"list":[1,{"a":[2,3]}],"obj":{"x":1,"y":[true,null]},"nothing":null}
        """;

    [Theory]
    [InlineData("1 == 1", true)]
    [InlineData("1 == 2", false)]
    [InlineData("1 != 2", true)]
    [InlineData("1 == 1.0", true)]
    [InlineData("n == f", true)]
    [InlineData("0.1 + 0.2 == 0.3", false)]
    [InlineData("'a' == 'a'", true)]
    [InlineData("'a' == 'A'", false)]
    [InlineData("s == \"abc\"", true)]
    [InlineData("true == true", true)]
    [InlineData("t != false", true)]
    [InlineData("null == null", true)]
    [InlineData("nothing == null", true)]
    [InlineData("nothing == nil", true)]
    public void Equality_of_scalars(string expression, bool expected)
    {
        Assert.Equal(expected, Condition(expression, Variables));
    }

    [Theory]
    [InlineData("'5' == 5", false)]
    [InlineData("'5' != 5", true)]
    [InlineData("1 == true", false)]
    [InlineData("0 == false", false)]
    [InlineData("'' == null", false)]
    [InlineData("0 == null", false)]
    [InlineData("[] == {}", false)]
    [InlineData("'true' == true", false)]
    [InlineData("[1] == 1", false)]
    public void Values_of_different_types_are_simply_unequal(string expression, bool expected)
    {
        Assert.Equal(expected, Condition(expression, Variables));
    }

    [Theory]
    [InlineData("list == [1, {a: [2, 3]}]", true)]
    [InlineData("list == [1.0, {'a': [2.0, 3]}]", true)]
    [InlineData("list == [1, {a: [3, 2]}]", false)]
    [InlineData("list == [1]", false)]
    [InlineData("obj == {y: [true, null], x: 1}", true)]
    [InlineData("obj == {x: 1}", false)]
    [InlineData("obj == {x: 1, y: [true, null], z: 0}", false)]
    [InlineData("obj.y == [true, nil]", true)]
    [InlineData("[] == []", true)]
    [InlineData("{} == {}", true)]
    public void Lists_and_objects_compare_deeply(string expression, bool expected)
    {
        Assert.Equal(expected, Condition(expression, Variables));
    }

    [Theory]
    [InlineData("1 < 2", true)]
    [InlineData("2 < 1", false)]
    [InlineData("2 <= 2", true)]
    [InlineData("3 > 2", true)]
    [InlineData("2 >= 3", false)]
    [InlineData("1 < 1.5", true)]
    [InlineData("1.5 > 1", true)]
    [InlineData("n >= 5.0", true)]
    [InlineData("f <= 5", true)]
    [InlineData("-1 < 0", true)]
    [InlineData("9007199254740993 > 9007199254740992.0", true)]
    [InlineData("9007199254740992.0 < 9007199254740993", true)]
    [InlineData("9223372036854775807 < 9223372036854775808", true)]
    public void Ordering_of_numbers_is_by_value_across_ints_and_floats(string expression, bool expected)
    {
        Assert.Equal(expected, Condition(expression, Variables));
    }

    [Theory]
    [InlineData("'a' < 'b'", true)]
    [InlineData("'B' < 'a'", true)]
    [InlineData("'abc' < 'abd'", true)]
    [InlineData("'ab' < 'abc'", true)]
    [InlineData("'' < 'a'", true)]
    [InlineData("'b' >= 'b'", true)]
    [InlineData("'10' < '9'", true)]
    [InlineData("'2024-01-31' < '2024-02-01'", true)]
    public void Ordering_of_strings_is_ordinal(string expression, bool expected)
    {
        Assert.Equal(expected, Condition(expression, Variables));
    }

    [Fact]
    public void An_integer_variable_equals_a_float_variable_of_the_same_value()
    {
        Assert.True(Condition("a == b", """{"a":3,"b":3.0}"""));
        Assert.True(Condition("a in [1.0, 2.0, 3.0]", """{"a":3}"""));
    }
}
