using static Weft.Engine.Tests.Expressions.Eval;

namespace Weft.Engine.Tests.Expressions;

public sealed class FunctionTests
{
    private const string Variables = """{"name":"  Ada Lovelace ","items":[1,2,3],"order":{"a":1,"b":2},"email":"ada@example.com","code":"AB-123","pattern":"-1"}""";

    [Theory]
    [InlineData("len('abc')", "3")]
    [InlineData("len('')", "0")]
    [InlineData("len('café')", "4")]
    [InlineData("len('😀x')", "2")]
    [InlineData("len(items)", "3")]
    [InlineData("len([])", "0")]
    [InlineData("len(order)", "2")]
    [InlineData("len({})", "0")]
    [InlineData("len(name)", "15")]
    public void Len_counts_characters_elements_or_keys(string expression, string expected)
    {
        Assert.Equal(expected, Json(expression, Variables));
    }

    [Theory]
    [InlineData("upper('abc')", "ABC")]
    [InlineData("upper('éa')", "ÉA")]
    [InlineData("lower('ÀB')", "àb")]
    [InlineData("lower(code)", "ab-123")]
    [InlineData("trim(name)", "Ada Lovelace")]
    [InlineData("trim('\\t x \\n')", "x")]
    [InlineData("upper(trim(name))", "ADA LOVELACE")]
    public void Upper_lower_and_trim_change_strings(string expression, string expected)
    {
        Assert.Equal(expected, Text(expression, Variables));
    }

    [Theory]
    [InlineData("startsWith(code, 'AB')", true)]
    [InlineData("startsWith(code, 'ab')", false)]
    [InlineData("endsWith(email, '@example.com')", true)]
    [InlineData("endsWith(email, '.org')", false)]
    [InlineData("startsWith('', '')", true)]
    [InlineData("code startsWith 'AB-'", true)]
    [InlineData("email endsWith '.com'", true)]
    [InlineData("email not endsWith '.com'", false)]
    [InlineData("code not startsWith 'X'", true)]
    public void StartsWith_and_endsWith_compare_ordinally(string expression, bool expected)
    {
        Assert.Equal(expected, Condition(expression, Variables));
    }

    [Theory]
    [InlineData("matches(email, '^[a-z]+@[a-z]+\\\\.com$')", true)]
    [InlineData("matches(code, `^[A-Z]{2}-\\d+$`)", true)]
    [InlineData("matches(code, '\\\\d{4}')", false)]
    [InlineData("matches(code, '123')", true)]
    [InlineData("matches(code, pattern)", true)]
    [InlineData("code matches '^AB'", true)]
    [InlineData("code not matches '^XY'", true)]
    [InlineData("matches('ÄB', '^äb$')", false)]
    [InlineData("matches('ab', '(?i)^AB$')", true)]
    public void Matches_searches_with_a_regular_expression(string expression, bool expected)
    {
        Assert.Equal(expected, Condition(expression, Variables));
    }

    [Theory]
    [InlineData("abs(-5)", "5")]
    [InlineData("abs(5)", "5")]
    [InlineData("abs(-2.5)", "2.5")]
    [InlineData("min(3, 1, 2)", "1")]
    [InlineData("max(3, 1, 2)", "3")]
    [InlineData("min(2, 1.5)", "1.5")]
    [InlineData("max(2, 1.5)", "2")]
    [InlineData("max(7)", "7")]
    [InlineData("max(items)", "3")]
    [InlineData("min(items)", "1")]
    [InlineData("max([1, 2.0])", "2")]
    public void Abs_min_and_max_work_on_numbers(string expression, string expected)
    {
        Assert.Equal(expected, Json(expression, Variables));
    }

    [Fact]
    public void Min_and_max_keep_the_first_of_equal_numbers()
    {
        Assert.True(IsInt(Value("max(1, 1.0)")));
        Assert.True(IsFloat(Value("max(1.0, 1)")));
    }

    [Theory]
    [InlineData("int(42)", "42")]
    [InlineData("int(4.7)", "4")]
    [InlineData("int(-4.7)", "-4")]
    [InlineData("int('42')", "42")]
    [InlineData("int('-42')", "-42")]
    [InlineData("int('4.7')", "4")]
    [InlineData("int('1e3')", "1000")]
    [InlineData("float(2)", "2")]
    [InlineData("float('2.5')", "2.5")]
    [InlineData("float('-1e-2')", "-0.01")]
    [InlineData("float(2.5)", "2.5")]
    public void Int_and_float_convert_numbers_and_numeric_strings(string expression, string expected)
    {
        Assert.Equal(expected, Json(expression));
    }

    [Fact]
    public void Int_gives_an_integer_and_float_a_float()
    {
        Assert.True(IsInt(Value("int(2.0)")));
        Assert.True(IsFloat(Value("float(2)")));
    }

    [Theory]
    [InlineData("string(42)", "42")]
    [InlineData("string(-1.5)", "-1.5")]
    [InlineData("string(true)", "true")]
    [InlineData("string(null)", "null")]
    [InlineData("string('text')", "text")]
    [InlineData("string([1, 'a'])", "[1,\"a\"]")]
    [InlineData("string({k: 'é'})", "{\"k\":\"é\"}")]
    [InlineData("'n=' + string(3)", "n=3")]
    [InlineData("string(items)", "[1,2,3]")]
    public void String_writes_a_value_as_text(string expression, string expected)
    {
        Assert.Equal(expected, Text(expression, Variables));
    }
}
