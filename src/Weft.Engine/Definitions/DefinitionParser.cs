using System.Text.Json;

namespace Weft.Engine.Definitions;

/// <summary>Reads a definition document (JSON) into a <see cref="WorkflowDefinition"/>, with errors a person can act on.</summary>
public static class DefinitionParser
{
    public static WorkflowDefinition Parse(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            throw WeftException.Invalid("The definition is empty. Send a JSON (or YAML) document with an 'id' and 'steps'.");
        }

        WorkflowDefinition? definition;
        try
        {
            definition = JsonSerializer.Deserialize<WorkflowDefinition>(json, DefinitionJson.Options);
        }
        catch (JsonException ex)
        {
            throw WeftException.Invalid($"The definition could not be read: {JsonProblem.Describe(ex)}");
        }

        return definition ?? throw WeftException.Invalid("The definition is 'null'. Send a JSON object with an 'id' and 'steps'.");
    }
}
