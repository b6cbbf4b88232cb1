using System.Text.Json;
using Weft.Engine.Definitions;

namespace Weft.Engine.Tests.Errors;

public sealed class JsonProblemTests
{
    [Theory]
    [InlineData("""{"steps":[{"retryCount":1.5}]}""", "steps[0].retryCount has the wrong type: expected a whole number.")]
    [InlineData("""{"autoStartNextWorkflow":"yes"}""", "autoStartNextWorkflow has the wrong type: expected true or false.")]
    [InlineData("""{"steps":[{"retryBackoff":{"factor":"big"}}]}""", "steps[0].retryBackoff.factor has the wrong type: expected a number.")]
    [InlineData("""{"steps":[{"parallelNextSteps":"b"}]}""", "steps[0].parallelNextSteps has the wrong type: expected a list of strings.")]
    [InlineData("""{"steps":[{"inputMapping":["a"]}]}""", "steps[0].inputMapping has the wrong type: expected an object of strings.")]
    [InlineData("""{"steps":[{"nextStep":5}]}""", "steps[0].nextStep has the wrong type: expected a string.")]
    [InlineData("""{"steps":[{"boundaryEvents":{}}]}""", "steps[0].boundaryEvents has the wrong type: expected a list.")]
    [InlineData("""{"steps":[{"retryBackoff":"fast"}]}""", "steps[0].retryBackoff has the wrong type: expected an object.")]
    [InlineData("""{"metadata":5}""", "metadata has the wrong type: expected an object.")]
    [InlineData("""{"metadata":[]}""", "metadata has the wrong type: expected an object.")]
    [InlineData("""{"steps":[{"transformations":[]}]}""", "steps[0].transformations has the wrong type: expected an object.")]
    [InlineData("""{"steps":[{"conditionalNextSteps":{"x":1}}]}""", "steps[0].conditionalNextSteps.x has the wrong type: expected a string.")]
    [InlineData("""{"steps":[{"boundaryEvents":[{"interrupting":"no"}]}]}""", "steps[0].boundaryEvents[0].interrupting has the wrong type: expected true or false.")]
    [InlineData("""{"steps":[{"version":"latest"}]}""", "steps[0].version has the wrong type: expected a whole number.")]
    public void Wrong_types_name_the_field_and_the_kind_of_value_expected(string json, string expected)
    {
        Assert.Equal(expected, Describe(json));
    }

    [Fact]
    public void Wrong_type_of_the_whole_document_names_the_document()
    {
        Assert.Equal("the document has the wrong type: expected an object.", Describe("[1]"));
    }

    [Fact]
    public void Unknown_field_is_named_with_the_object_that_holds_it()
    {
        Assert.Equal("unknown field 'jobTyp' at steps[0]. Check its spelling.", Describe("""{"steps":[{"jobTyp":"x"}]}"""));
        Assert.Equal("unknown field 'factr' at steps[1].retryBackoff. Check its spelling.", Describe("""{"steps":[{},{"retryBackoff":{"factr":2}}]}"""));
    }

    [Fact]
    public void Unknown_top_level_field_is_named_at_the_document()
    {
        Assert.Equal("unknown field 'stepz' at the document. Check its spelling.", Describe("""{"id":"f","stepz":[]}"""));
    }

    [Fact]
    public void Syntax_error_gives_line_and_byte_without_the_internal_path()
    {
        var message = Describe("{\"id\": \"f\",\n\"name\": }");

        Assert.StartsWith("it is not valid JSON (line 2, byte 9): ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Path:", message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_never_mention_dotnet_type_names()
    {
        var message = Describe("""{"steps":[{"retryCount":"x"}]}""");

        Assert.DoesNotContain("System.", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Int32", message, StringComparison.Ordinal);
    }

    private static string Describe(string json)
    {
        var error = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<WorkflowDefinition>(json, DefinitionJson.Options));
        return JsonProblem.Describe(error);
    }
}
