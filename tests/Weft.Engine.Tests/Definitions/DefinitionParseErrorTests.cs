using Weft.Engine.Definitions;

namespace Weft.Engine.Tests.Definitions;

public sealed class DefinitionParseErrorTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    public void Empty_document_is_invalid(string json)
    {
        var error = Parse(json);

        Assert.Contains("The definition is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_document_is_invalid()
    {
        var error = Parse("null");

        Assert.Contains("The definition is 'null'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_names_the_line_and_position()
    {
        var error = Parse("{\n  \"id\": \"f\",\n  \"steps\": [}\n}");

        Assert.Contains("is not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("byte 13", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Path:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_top_level_field_is_named()
    {
        var error = Parse("""{"id":"f","stepz":[]}""");

        Assert.Contains("unknown field 'stepz'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Check its spelling", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_step_field_is_named_with_its_place()
    {
        var error = Parse("""{"id":"f","steps":[{"id":"a","type":"END","nextStp":"b"}]}""");

        Assert.Contains("unknown field 'nextStp' at steps[0]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_type_names_the_path_and_the_expected_kind()
    {
        var error = Parse("""{"id":"f","steps":[{"id":"a","type":"END","retryCount":"three"}]}""");

        Assert.Contains("steps[0].retryCount has the wrong type: expected a whole number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Steps_that_are_not_a_list_name_the_expected_kind()
    {
        var error = Parse("""{"id":"f","steps":{"id":"a"}}""");

        Assert.Contains("steps has the wrong type: expected a list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_errors_are_invalid_requests_prefixed_with_what_failed()
    {
        var error = Parse("""{"id":"f","steps":[{"id":"a","type":"END","retryCount":"three"}]}""");

        Assert.Equal(WeftErrorKind.Invalid, error.Kind);
        Assert.StartsWith("The definition could not be read: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id":"f","steps":null}""", "steps is null")]
    [InlineData("""{"id":"f","steps":[null]}""", "steps[0] is null")]
    [InlineData("""{"id":"f","steps":[{"id":"end","type":"END","boundaryEvents":[null]}]}""", "steps[0].boundaryEvents contains null")]
    public void Null_steps_are_invalid_naming_the_place(string json, string fragment)
    {
        var error = Parse(json);

        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_ids_and_types_are_read_as_missing_and_reported_by_validation()
    {
        var definition = DefinitionParser.Parse("""{"id":null,"steps":[{"id":null,"type":null}]}""");

        var problems = DefinitionValidator.Validate(definition);

        Assert.Contains(problems, p => p.StartsWith("id is missing", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("steps[0] has no id", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("has no type", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"id":"f","steps":null}""")]
    [InlineData("""{"id":"f","steps":[null]}""")]
    [InlineData("""{"id":"f","steps":[{"id":null,"type":"END"}]}""")]
    [InlineData("""{"id":"f","steps":[{"id":"a","type":"END","boundaryEvents":[null]}]}""")]
    [InlineData("""{"id":"f","steps":[{"id":"a","type":"SERVICE_TASK","parallelNextSteps":[null]}]}""")]
    [InlineData("""{"id":"f","steps":[{"id":"a","type":"SERVICE_TASK","conditionalNextSteps":{"x":null}}]}""")]
    [InlineData("""{"id":"f","steps":[{"id":"a","type":"SERVICE_TASK","nextStep":"end","boundaryEvents":[{"type":null}]}]}""")]
    public void Nulls_where_a_value_is_required_are_invalid_not_a_crash(string json)
    {
        var error = Record.Exception(() => DefinitionValidator.ThrowIfInvalid(DefinitionParser.Parse(json)));

        Assert.IsType<WeftException>(error);
    }

    private static WeftException Parse(string json)
    {
        var error = Assert.Throws<WeftException>(() => DefinitionParser.Parse(json));
        Assert.Equal(WeftErrorKind.Invalid, error.Kind);
        return error;
    }
}
