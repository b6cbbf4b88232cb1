using static Weft.Engine.Tests.Expressions.Eval;

namespace Weft.Engine.Tests.Expressions;

public sealed class LiteralTests
{
    [Theory]
    [InlineData("42", "42")]
    [InlineData("0", "0")]
    [InlineData("9223372036854775807", "9223372036854775807")]
    [InlineData("1.5", "1.5")]
    [InlineData("2.50", "2.5")]
    [InlineData("1e3", "1000")]
    [InlineData("1E3", "1000")]
    [InlineData("1.5e-3", "0.0015")]
    [InlineData("2e+2", "200")]
    [InlineData("-7", "-7")]
    [InlineData("-2.5", "-2.5")]
    public void Numbers_are_read_as_written(string expression, string expected)
    {
        Assert.Equal(expected, Json(expression));
    }

    [Fact]
    public void Integer_literals_stay_integers_and_literals_with_a_point_or_exponent_are_floats()
    {
        Assert.True(IsInt(Value("42")));
        Assert.True(IsFloat(Value("42.0")));
        Assert.True(IsFloat(Value("1e3")));
    }

    [Fact]
    public void A_whole_number_beyond_the_64_bit_range_is_read_as_a_float()
    {
        var value = Value("9223372036854775808");

        Assert.True(IsFloat(value));
        Assert.Equal(9223372036854775808.0, value!.GetValue<double>());
    }

    [Theory]
    [InlineData("'single'", "single")]
    [InlineData("\"double\"", "double")]
    [InlineData("''", "")]
    [InlineData("'say \"hi\"'", "say \"hi\"")]
    [InlineData("\"it's\"", "it's")]
    [InlineData(@"'a\nb'", "a\nb")]
    [InlineData(@"'a\tb'", "a\tb")]
    [InlineData(@"'a\rb'", "a\rb")]
    [InlineData(@"'back\\slash'", @"back\slash")]
    [InlineData(@"'it\'s'", "it's")]
    [InlineData(@"""say \""hi\""""", "say \"hi\"")]
    [InlineData(@"'caf\u00e9'", "café")]
    [InlineData(@"'\u00C9'", "É")]
    [InlineData(@"'\uD83D\uDE00'", "😀")]
    [InlineData(@"'a\/b'", "a/b")]
    [InlineData(@"`raw \d+ \n`", @"raw \d+ \n")]
    public void Strings_take_single_or_double_quotes_and_escapes(string expression, string expected)
    {
        Assert.Equal(expected, Text(expression));
    }

    [Theory]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("null", "null")]
    [InlineData("nil", "null")]
    public void Words_true_false_null_and_nil_are_literals(string expression, string expected)
    {
        Assert.Equal(expected, Json(expression));
    }

    [Theory]
    [InlineData("[]", "[]")]
    [InlineData("[1, 'a', true, null, 2.5]", """[1,"a",true,null,2.5]""")]
    [InlineData("[1, 2,]", "[1,2]")]
    [InlineData("[[1], [2, [3]]]", "[[1],[2,[3]]]")]
    [InlineData("[-1, x, x + 1]", "[-1,5,6]")]
    public void Lists_hold_literals_and_expressions(string expression, string expected)
    {
        Assert.Equal(expected, Json(expression, """{"x":5}"""));
    }

    [Theory]
    [InlineData("{}", "{}")]
    [InlineData("{a: 1, 'b c': 'x', \"d\": [true]}", """{"a":1,"b c":"x","d":[true]}""")]
    [InlineData("{total: price * 2, name: name}", """{"total":20,"name":"pen"}""")]
    public void Objects_are_written_with_names_or_strings_as_keys(string expression, string expected)
    {
        Assert.Equal(expected, Json(expression, """{"price":10,"name":"pen"}"""));
    }

    [Fact]
    public void A_constant_list_is_a_new_json_node_at_every_evaluation()
    {
        var expression = Weft.Engine.Expressions.Expression.Parse("[1, 2]");

        var first = expression.Evaluate(Vars("{}"))!.AsArray();
        first.Add(3);

        Assert.Equal("[1,2]", expression.Evaluate(Vars("{}"))!.ToJsonString());
    }

    [Theory]
    [InlineData("amount", "250")]
    [InlineData("#amount", "250")]
    [InlineData("${amount}", "250")]
    [InlineData("${ amount }", "250")]
    [InlineData("${amount > 100}", "true")]
    [InlineData("${#amount > 100}", "true")]
    [InlineData("#amount > 100 && ${amount < 300}", "true")]
    [InlineData("(amount)", "250")]
    [InlineData("  amount  ", "250")]
    [InlineData("_under_score1", "1")]
    [InlineData("größe", "2")]
    public void Variables_are_read_by_name_with_or_without_hash_and_dollar_braces(string expression, string expected)
    {
        Assert.Equal(expected, Json(expression, """{"amount":250,"_under_score1":1,"größe":2}"""));
    }

    [Fact]
    public void Hash_reads_a_variable_whose_name_is_a_word_of_the_language()
    {
        Assert.Equal("1", Json("#in + #not", """{"in":0,"not":1}"""));
    }

    [Fact]
    public void Dollar_env_is_the_object_of_all_variables()
    {
        Assert.Equal("42", Json("$env['order-id']", """{"order-id":42}"""));
        Assert.Equal("2", Json("len($env)", """{"a":1,"b":2}"""));
    }

    [Fact]
    public void Whitespace_and_newlines_between_tokens_are_ignored()
    {
        Assert.True(Condition("amount >\n 100\t&&\r\n ok", """{"amount":101,"ok":true}"""));
    }
}
