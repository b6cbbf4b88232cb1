using System.Text.Json.Nodes;
using Weft.Engine.Variables;

namespace Weft.Engine.Tests.Variables;

public sealed class VariableDocumentTests
{
    [Fact]
    public void Merge_replaces_top_level_keys_and_keeps_the_others()
    {
        var current = Obj("""{"a":1,"b":{"x":1,"y":2},"c":"keep"}""");
        var output = Obj("""{"a":2,"b":{"x":9},"d":[1,2]}""");

        var merged = VariableDocument.Merge(current, output);

        Assert.True(JsonNode.DeepEquals(Obj("""{"a":2,"b":{"x":9},"c":"keep","d":[1,2]}"""), merged), merged.ToJsonString());
    }

    [Fact]
    public void Merge_does_not_change_its_inputs()
    {
        var current = Obj("""{"a":1,"b":{"x":1}}""");
        var output = Obj("""{"b":{"x":2},"c":3}""");

        var merged = VariableDocument.Merge(current, output);
        merged["b"]!["x"] = 100;
        merged["a"] = 100;

        Assert.Equal("""{"a":1,"b":{"x":1}}""", current.ToJsonString());
        Assert.Equal("""{"b":{"x":2},"c":3}""", output.ToJsonString());
    }

    [Fact]
    public void Merge_with_no_output_returns_a_copy()
    {
        var current = Obj("""{"a":1}""");

        var merged = VariableDocument.Merge(current, null);

        Assert.NotSame(current, merged);
        Assert.Equal("""{"a":1}""", merged.ToJsonString());
    }

    [Fact]
    public void Merge_keeps_an_explicit_null()
    {
        var merged = VariableDocument.Merge(Obj("""{"a":1}"""), Obj("""{"a":null}"""));

        Assert.True(merged.ContainsKey("a"));
        Assert.Null(merged["a"]);
    }

    [Fact]
    public void Variables_within_the_limit_are_accepted()
    {
        var variables = Obj("""{"a":"1234"}"""); // 12 bytes

        VariableDocument.EnsureWithinLimit(variables, 12, "The variables");
    }

    [Fact]
    public void Variables_over_the_limit_are_too_large_with_both_sizes_named()
    {
        var variables = new JsonObject { ["blob"] = new string('x', 2000) };

        var error = Assert.Throws<WeftException>(() => VariableDocument.EnsureWithinLimit(variables, 1000, "The instance's variables"));

        Assert.Equal(WeftErrorKind.TooLarge, error.Kind);
        Assert.StartsWith("The instance's variables are 2,011 bytes as JSON; the limit is 1,000.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Size_is_counted_in_utf8_bytes()
    {
        var variables = new JsonObject { ["s"] = "éé" }; // {"s":"\u00E9\u00E9"} once escaped

        var size = System.Text.Encoding.UTF8.GetByteCount(variables.ToJsonString());
        VariableDocument.EnsureWithinLimit(variables, size, "v");
        Assert.Throws<WeftException>(() => VariableDocument.EnsureWithinLimit(variables, size - 1, "v"));
    }

    [Fact]
    public void Hash_is_the_same_for_equal_documents_and_differs_otherwise()
    {
        Assert.Equal(VariableDocument.Hash(Obj("""{"a":1}""")), VariableDocument.Hash(Obj("""{"a":1}""")));
        Assert.NotEqual(VariableDocument.Hash(Obj("""{"a":1}""")), VariableDocument.Hash(Obj("""{"a":2}""")));
        Assert.Equal(VariableDocument.Hash(null), VariableDocument.Hash([]));
    }

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();
}
