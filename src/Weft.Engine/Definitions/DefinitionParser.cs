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

        JsonInput.Check(json, "The definition");
        WorkflowDefinition? definition;
        try
        {
            definition = JsonSerializer.Deserialize<WorkflowDefinition>(json, DefinitionJson.Options);
        }
        catch (JsonException ex)
        {
            throw WeftException.Invalid($"The definition could not be read: {JsonProblem.Describe(ex)}");
        }

        return RequireValues(definition ?? throw WeftException.Invalid("The definition is 'null'. Send a JSON object with an 'id' and 'steps'."));
    }

    /// <summary>JSON nulls where the model needs a value: refused here (or read as missing text), so that validation never meets a null.</summary>
    private static WorkflowDefinition RequireValues(WorkflowDefinition definition)
    {
        if (definition.Steps is null)
        {
            throw WeftException.Invalid("The definition could not be read: steps is null; send a list of steps.");
        }

        var steps = new List<StepDefinition>(definition.Steps.Count);
        for (var i = 0; i < definition.Steps.Count; i++)
        {
            var step = definition.Steps[i]
                ?? throw WeftException.Invalid($"The definition could not be read: steps[{i}] is null; each step is an object with an id and a type.");
            if (step.BoundaryEvents is { } events && events.Any(e => e is null))
            {
                throw WeftException.Invalid($"The definition could not be read: steps[{i}].boundaryEvents contains null; each boundary event is an object.");
            }

            steps.Add(step with { Id = step.Id ?? "", Type = step.Type ?? "" });
        }

        return definition with { Id = definition.Id ?? "", Steps = steps };
    }
}
