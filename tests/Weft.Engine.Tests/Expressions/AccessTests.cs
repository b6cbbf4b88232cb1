using static Weft.Engine.Tests.Expressions.Eval;

namespace Weft.Engine.Tests.Expressions;

public sealed class AccessTests
{
    private const string Variables = """
        {"customer":{"name":"Ada","tier":"gold","address":{"city":"Oslo"},"tags":["vip","eu"]},
         "items":[{"sku":"a","qty":2},{"sku":"b","qty":5}],
         "matrix":[[1,2],[3,4]],
         "m":{"k":"v","with space":1,"null":null},
         "key":"k","i":1,"big":1e300,"nothing":null}
        """;

    [Theory]
    [InlineData("customer.name", "\"Ada\"")]
    [InlineData("customer.address.city", "\"Oslo\"")]
    [InlineData("customer.tags[0]", "\"vip\"")]
    [InlineData("customer['tier']", "\"gold\"")]
    [InlineData("customer['address']['city']", "\"Oslo\"")]
    [InlineData("items[1].qty", "5")]
    [InlineData("items[i].sku", "\"b\"")]
    [InlineData("items[i - 1].sku", "\"a\"")]
    [InlineData("matrix[1][0]", "3")]
    [InlineData("m[key]", "\"v\"")]
    [InlineData("m['with space']", "1")]
    [InlineData("m.null", "null")]
    [InlineData("customer?.address?.city", "\"Oslo\"")]
    [InlineData("customer . name", "\"Ada\"")]
    [InlineData("customer.address", """{"city":"Oslo"}""")]
    [InlineData("[10, 20, 30][1]", "20")]
    [InlineData("{a: {b: 7}}.a.b", "7")]
    [InlineData("(items)[0].qty", "2")]
    [InlineData("items[1.0].qty", "5")]
    public void Members_and_indexes_read_into_nested_values(string expression, string expected)
    {
        Assert.Equal(expected, Json(expression, Variables));
    }

    [Theory]
    [InlineData("customer.tags[-1]", "\"eu\"")]
    [InlineData("customer.tags[-2]", "\"vip\"")]
    [InlineData("items[-1].sku", "\"b\"")]
    public void A_negative_index_counts_from_the_end(string expression, string expected)
    {
        Assert.Equal(expected, Json(expression, Variables));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("customer.missing")]
    [InlineData("customer.missing.deeper")]
    [InlineData("missing.a.b.c")]
    [InlineData("missing[0]")]
    [InlineData("missing['k']")]
    [InlineData("nothing.x")]
    [InlineData("customer.tags[2]")]
    [InlineData("customer.tags[-3]")]
    [InlineData("customer.tags[100000000000]")]
    [InlineData("m['nope']")]
    [InlineData("m.null.x")]
    [InlineData("items[5].sku")]
    public void Missing_variables_members_and_elements_read_as_null(string expression)
    {
        Assert.Equal("null", Json(expression, Variables));
    }

    [Theory]
    [InlineData("approved == true", false)]
    [InlineData("approved != true", true)]
    [InlineData("approved == null", true)]
    [InlineData("approved == false", false)]
    [InlineData("customer.vip == true", false)]
    [InlineData("customer.vip == null", true)]
    public void Missing_variable_compares_equal_to_null_and_unequal_to_anything_else(string expression, bool expected)
    {
        Assert.Equal(expected, Condition(expression, """{"customer":{}}"""));
    }

    [Fact]
    public void An_index_past_missing_is_not_evaluated()
    {
        Assert.Equal("null", Json("missing[1 / 0]"));
    }

    [Fact]
    public void A_big_number_of_the_variables_is_a_float()
    {
        Assert.True(Condition("big > 9223372036854775807", Variables));
    }
}
