using System.Text;

namespace Weft.Engine.Tests.Errors;

public sealed class JsonInputTests
{
    [Theory]
    [InlineData("""{"a":1,"b":[1,2,{"c":"d"}],"e":null,"f":true,"g":"\ud83d\ude00"}""")]
    [InlineData("""[]""")]
    [InlineData("""{"a":1e308,"b":-1.7976931348623157e308,"c":1e-400}""")]
    [InlineData("""{"same":{"x":1},"other":{"x":2}}""")]
    [InlineData("""{"a":1, /* a comment */ "b":2,}""")]
    public void Documents_that_keep_the_rules_pass(string json)
    {
        Assert.Null(JsonInput.Problem(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("""{"a":1,"a":2}""", "the key 'a' appears twice in the document")]
    [InlineData("""{"variables":{"x":{"a":1,"a":2}}}""", "the key 'a' appears twice in variables.x")]
    [InlineData("""{"list":[{"k":1},{"k":1,"k":2}]}""", "the key 'k' appears twice in list[1]")]
    [InlineData("""{"v":{"a":"\udc00"}}""", "the text at v.a is not valid Unicode")]
    [InlineData("""{"v":["ok","\ud800x"]}""", "the text at v[1] is not valid Unicode")]
    [InlineData("""{"v":{"\udc00":1}}""", "a key in v is not valid Unicode")]
    [InlineData("""{"v":{"n":1e400}}""", "the number at v.n is too large")]
    [InlineData("""{"v":{"n":-1e400}}""", "the number at v.n is too large")]
    [InlineData("""{"a":""", "it is not valid JSON")]
    [InlineData("", "it is not valid JSON")]
    public void Documents_that_break_a_rule_are_refused_with_where(string json, string says)
    {
        Assert.Contains(says, JsonInput.Problem(Encoding.UTF8.GetBytes(json)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_number_written_in_more_than_100_characters_is_refused()
    {
        var json = $$"""{"n":{{new string('1', 101)}}}""";
        Assert.Contains("the number at n is too large", JsonInput.Problem(Encoding.UTF8.GetBytes(json)), StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_refused()
    {
        byte[] json = [.. "{\"a\":\""u8, 0xED, 0xB0, 0x80, .. "\"}"u8];
        Assert.Contains("the text at a is not valid Unicode", JsonInput.Problem(json), StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_deeper_than_64_levels_is_refused()
    {
        var json = new string('[', 65) + new string(']', 65);
        Assert.Contains("depth", JsonInput.Problem(Encoding.UTF8.GetBytes(json)), StringComparison.Ordinal);
        Assert.Null(JsonInput.Problem(Encoding.UTF8.GetBytes(new string('[', 64) + new string(']', 64))));
    }

    [Fact]
    public void Check_names_the_document_and_is_a_400()
    {
        var error = Assert.Throws<WeftException>(() => JsonInput.Check("""{"a":1,"a":2}""", "The request body"));

        Assert.Equal(WeftErrorKind.Invalid, error.Kind);
        Assert.StartsWith("The request body could not be read: the key 'a' appears twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_string_with_a_raw_lone_surrogate_is_refused()
    {
        var error = Assert.Throws<WeftException>(() => JsonInput.Check("{\"a\":\"\udc00\"}", "The definition"));
        Assert.Contains("lone UTF-16 surrogate", error.Message, StringComparison.Ordinal);
    }

    // Attribute strings cannot hold a lone surrogate (the compiler stores them as UTF-8), so the cases are escaped.
    [Theory]
    [InlineData("plain", true)]
    [InlineData("\\ud83d\\ude00", true)]
    [InlineData("\\udc00", false)]
    [InlineData("a\\ud800", false)]
    [InlineData("\\ud800\\ud800", false)]
    public void IsValidUnicode_finds_lone_surrogates(string escaped, bool valid)
    {
        Assert.Equal(valid, JsonInput.IsValidUnicode(System.Text.RegularExpressions.Regex.Unescape(escaped)));
    }
}
