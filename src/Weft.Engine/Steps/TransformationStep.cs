using System.Text.Json.Nodes;
using Weft.Engine.Definitions;
using Weft.Engine.Expressions;

namespace Weft.Engine.Steps;

/// <summary>
/// TRANSFORMATION: sets variables. Each entry of <c>transformations</c> is a literal of any JSON type, or a string
/// with <c>${expression}</c>, evaluated against the variables as they were when the step was entered.
/// </summary>
internal sealed class TransformationStep : IStepBehavior
{
    public string Type => StepTypes.Transformation;

    public void Validate(StepDefinition step, string at, List<string> problems)
    {
        if (step.Transformations is not { Count: > 0 })
        {
            problems.Add($"{at} is a TRANSFORMATION without transformations: map each variable to set to a value or \"${{expression}}\".");
            return;
        }

        foreach (var (name, value) in step.Transformations)
        {
            if (value is JsonValue text && text.TryGetValue<string>(out var template) && !Template.TryParse(template, out _, out var error))
            {
                problems.Add($"{at}: transformations.{DefinitionChecks.Quote(name)}: {error}");
            }
        }
    }

    public StepDecision Enter(StepContext context)
    {
        var output = new JsonObject();
        foreach (var (name, value) in context.Step.Transformations!)
        {
            try
            {
                output[name] = ExpressionCache.Render(value, context.Variables);
            }
            catch (ExpressionException ex)
            {
                return new StepDecision.Fail($"Step '{context.Step.Id}': transformations.{name}: {ex.Message}");
            }
        }

        return new StepDecision.Continue(context.Step.NextStep!, output);
    }
}
