using Weft.Engine.Expressions;
using static Weft.Engine.Tests.Expressions.Eval;

namespace Weft.Engine.Tests.Expressions;

public sealed class EvaluationErrorTests
{
    private const string Variables = """
        {"count":0,"s":"abc","p":"(","n":1,"items":[1,2],"order":{"a":1},"customer":{"tier":"gold"},"name":"Ada","big":1e19}
        """;

    [Theory]
    [InlineData("amount > 1000", 8, "cannot compare null with a number using '>' ('amount' is null or missing)")]
    [InlineData("'5' < 6", 5, "cannot compare a string with a number using '<'; turn the string into a number with int(x) or float(x)")]
    [InlineData("6 >= s", 3, "cannot compare a number with a string using '>='; turn the string into a number with int(x) or float(x)")]
    [InlineData("true < false", 6, "cannot compare a boolean with a boolean using '<'")]
    [InlineData("[1] <= [0]", 5, "cannot compare a list with a list using '<='")]
    [InlineData("order > order", 7, "cannot compare an object with an object using '>'")]
    [InlineData("a < b", 3, "cannot compare null with null using '<' ('a' is null or missing; 'b' is null or missing)")]
    [InlineData("1 + 1 < x.y", 7, "cannot compare a number with null using '<' ('x.y' is null or missing)")]
    public void Ordering_needs_two_numbers_or_two_strings(string expression, int position, string reason)
    {
        AssertFails(expression, position, reason);
    }

    [Theory]
    [InlineData("1 + 'a'", 3, "'+' cannot add a number and a string; it adds two numbers, or joins two strings or two lists; write string(x) to turn a value into text")]
    [InlineData("total + 1", 7, "'+' cannot add null and a number ('total' is null or missing); it adds two numbers, or joins two strings or two lists")]
    [InlineData("[1] + 'a'", 5, "'+' cannot add a list and a string; it adds two numbers, or joins two strings or two lists; write string(x) to turn a value into text")]
    [InlineData("true + 1", 6, "'+' cannot add a boolean and a number; it adds two numbers, or joins two strings or two lists")]
    [InlineData("'a' - 1", 5, "'-' needs two numbers, not a string and a number")]
    [InlineData("[1] * 2", 5, "'*' needs two numbers, not a list and a number")]
    [InlineData("order / 2", 7, "'/' needs two numbers, not an object and a number")]
    [InlineData("n % missing", 3, "'%' needs two numbers, not a number and null ('missing' is null or missing)")]
    [InlineData("1 / 0", 3, "division by zero")]
    [InlineData("1.5 / 0.0", 5, "division by zero")]
    [InlineData("1 % 0", 3, "modulo by zero")]
    [InlineData("n / count", 3, "division by zero ('count' is 0)")]
    [InlineData("n % (count * 2)", 3, "modulo by zero ('(count * 2)' is 0)")]
    [InlineData("9223372036854775807 + 1", 21, "the result of '+' is beyond the range of whole numbers (±9,223,372,036,854,775,807); put a float such as 1.0 into the calculation to compute with floats")]
    [InlineData("-9223372036854775807 - 2", 22, "the result of '-' is beyond the range of whole numbers (±9,223,372,036,854,775,807); put a float such as 1.0 into the calculation to compute with floats")]
    [InlineData("4611686018427387904 * 2", 21, "the result of '*' is beyond the range of whole numbers (±9,223,372,036,854,775,807); put a float such as 1.0 into the calculation to compute with floats")]
    [InlineData("-(-9223372036854775807 - 1)", 1, "the result of '-' is beyond the range of whole numbers (±9,223,372,036,854,775,807)")]
    [InlineData("1e308 * 10", 7, "the result of '*' is too large for a number")]
    [InlineData("-s", 1, "'-' needs a number, not a string")]
    [InlineData("+missing", 1, "'+' needs a number, not null ('missing' is null or missing)")]
    public void Arithmetic_errors_name_the_operator_and_the_types(string expression, int position, string reason)
    {
        AssertFails(expression, position, reason);
    }

    [Fact]
    public void Overflow_in_a_chain_is_reported_at_its_operator_and_floats_do_not_overflow()
    {
        AssertFails("1 + 9223372036854775807 - 1", 3, "the result of '+' is beyond the range of whole numbers (±9,223,372,036,854,775,807); put a float such as 1.0 into the calculation to compute with floats");
        Assert.Equal("9223372036854775807", Json("9223372036854775807 - 1 + 1"));
        Assert.Equal("9.223372036854776E+18", Json("1.0 * 9223372036854775807 + 1"));
    }

    [Theory]
    [InlineData("!x", 1, "'!' needs true or false, not null ('x' is null or missing)")]
    [InlineData("not 1 > 2", 1, "'not' needs true or false, not a number")]
    [InlineData("1 && true", 3, "'&&' needs true or false on both sides, but its left side is a number")]
    [InlineData("true and 'yes'", 6, "'and' needs true or false on both sides, but its right side is a string")]
    [InlineData("false || flag", 7, "'||' needs true or false on both sides, but its right side is null ('flag' is null or missing)")]
    [InlineData("false or false or n", 16, "'or' needs true or false on both sides, but its right side is a number")]
    [InlineData("n ? 1 : 2", 3, "the condition before '?' must be true or false, not a number")]
    [InlineData("s ? 1 : 2", 3, "the condition before '?' must be true or false, not a string")]
    [InlineData("flag ? 1 : 2", 6, "the condition before '?' must be true or false, not null ('flag' is null or missing)")]
    public void Logic_needs_booleans_without_truthiness(string expression, int position, string reason)
    {
        AssertFails(expression, position, reason);
    }

    [Theory]
    [InlineData("'a' in 5", 5, "'in' needs a list, an object or a string on its right, not a number")]
    [InlineData("'ADMIN' in roles", 9, "'in' needs a list, an object or a string on its right, not null ('roles' is null or missing)")]
    [InlineData("1 in 'abc'", 3, "'in' can only look for a string in a string, not for a number")]
    [InlineData("1 in order", 3, "'in' can only look for a string key in an object, not for a number")]
    [InlineData("1 not in n", 3, "'not in' needs a list, an object or a string on its right, not a number")]
    [InlineData("n contains 1", 3, "'contains' needs a list, an object or a string on its left, not a number")]
    [InlineData("contains(5, 1)", 1, "contains() needs a list, an object or a string as its first argument, not a number")]
    [InlineData("contains(s, 1)", 1, "contains() can only look for a string in a string, not for a number")]
    public void Membership_needs_a_container(string expression, int position, string reason)
    {
        AssertFails(expression, position, reason);
    }

    [Theory]
    [InlineData("len(5)", 1, "len() needs a string, a list or an object, not a number")]
    [InlineData("len(items2)", 1, "len() needs a string, a list or an object, not null ('items2' is null or missing)")]
    [InlineData("upper(1)", 1, "upper() needs a string, not a number")]
    [InlineData("lower(order)", 1, "lower() needs a string, not an object")]
    [InlineData("trim(missing)", 1, "trim() needs a string, not null ('missing' is null or missing)")]
    [InlineData("startsWith(1, 'a')", 1, "startsWith() needs two strings, not a number and a string")]
    [InlineData("endsWith(s, x)", 1, "endsWith() needs two strings, not a string and null ('x' is null or missing)")]
    [InlineData("s startsWith 1", 3, "'startsWith' needs two strings, not a string and a number")]
    [InlineData("s matches 1", 3, "'matches' needs a string and a pattern (a string), not a string and a number")]
    [InlineData("matches(n, 'a')", 1, "matches() needs a string and a pattern (a string), not a number and a string")]
    [InlineData("matches(s, p)", 1, "the pattern '(' is not a valid regular expression: Invalid pattern '(' at offset 1. Not enough )'s.")]
    [InlineData("abs('a')", 1, "abs() needs a number, not a string")]
    [InlineData("abs(-9223372036854775807 - 1)", 1, "the result of abs() is beyond the range of whole numbers (±9,223,372,036,854,775,807)")]
    [InlineData("min(1, 'a')", 1, "min() needs numbers, not a string")]
    [InlineData("max(1, x)", 1, "max() needs numbers, not null ('x' is null or missing)")]
    [InlineData("max(['a'])", 1, "max() needs numbers, not a string")]
    [InlineData("max([])", 1, "max() of an empty list has no value; check len(x) > 0 first")]
    [InlineData("int('abc')", 1, "int() cannot read 'abc' as a number")]
    [InlineData("int('')", 1, "int() cannot read '' as a number")]
    [InlineData("int(true)", 1, "int() needs a number or a string, not a boolean")]
    [InlineData("int(big)", 1, "int() cannot hold 1E+19: it is beyond the range of whole numbers (±9,223,372,036,854,775,807)")]
    [InlineData("float('x')", 1, "float() cannot read 'x' as a number")]
    [InlineData("float('Infinity')", 1, "float() cannot read 'Infinity' as a number")]
    [InlineData("float(null)", 1, "float() needs a number or a string, not null")]
    [InlineData("1 + len(n)", 5, "len() needs a string, a list or an object, not a number")]
    public void Function_errors_name_the_function_and_the_types(string expression, int position, string reason)
    {
        AssertFails(expression, position, reason);
    }

    [Theory]
    [InlineData("customer.tier.x", 14, "cannot read '.x': 'customer.tier' is a string, and only objects have members")]
    [InlineData("items.first", 6, "cannot read '.first': 'items' is a list, and only objects have members")]
    [InlineData("n.x", 2, "cannot read '.x': 'n' is a number, and only objects have members")]
    [InlineData("name[0]", 5, "cannot use '[…]' on 'name': it is a string, and only lists and objects can be indexed")]
    [InlineData("items['a']", 6, "a list index must be a whole number, not a string")]
    [InlineData("items[1.5]", 6, "a list index must be a whole number, not 1.5")]
    [InlineData("items[i]", 6, "a list index must be a whole number, not null ('i' is null or missing)")]
    [InlineData("order[1]", 6, "an object's key must be a string, not a number")]
    [InlineData("order[k]", 6, "an object's key must be a string, not null ('k' is null or missing)")]
    public void Access_errors_name_what_was_read(string expression, int position, string reason)
    {
        AssertFails(expression, position, reason);
    }

    [Fact]
    public void A_condition_that_is_not_a_boolean_names_what_it_gave()
    {
        var error = Assert.Throws<ExpressionException>(() => Condition("amount", """{"amount":42}"""));

        Assert.Equal("Expression 'amount' failed: a condition must give true or false, but this one gave a number (42); compare it, as in 'amount > 0'", error.Message);
        Assert.Null(error.Position);
        Assert.False(error.IsParseError);
    }

    [Fact]
    public void A_condition_on_a_missing_variable_suggests_comparing_it()
    {
        var error = Assert.Throws<ExpressionException>(() => Condition("approved"));

        Assert.Equal("Expression 'approved' failed: a condition must give true or false, but this one gave null ('approved' is null or missing); compare it, as in 'approved == true', to treat a missing value as false", error.Message);
    }

    [Theory]
    [InlineData("'yes'", "a string (yes)")]
    [InlineData("[true]", "a list ([true])")]
    [InlineData("${ 1 + 1 }", "a number (2)")]
    public void A_condition_rejects_every_value_but_true_and_false(string expression, string gave)
    {
        var error = Assert.Throws<ExpressionException>(() => Condition(expression));

        Assert.Contains($"but this one gave {gave};", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluation_errors_carry_the_expression_and_reason_apart()
    {
        var error = Assert.Throws<ExpressionException>(() => Value("n / count", Variables));

        Assert.Equal("n / count", error.ExpressionText);
        Assert.Equal("division by zero ('count' is 0)", error.Reason);
        Assert.Equal(3, error.Position);
        Assert.False(error.IsParseError);
    }

    private static void AssertFails(string expression, int position, string reason)
    {
        Assert.Equal($"Expression '{expression}' failed at position {position}: {reason}", Error(expression, Variables));
    }
}
