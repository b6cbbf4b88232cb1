using System.Text.Json.Nodes;
using Weft.Engine.Definitions;
using Weft.Engine.Expressions;

namespace Weft.Engine.Steps;

/// <summary>
/// SUB_WORKFLOW: starts an instance of <c>workflowId</c> (its latest version, or <c>version</c>) and waits for it.
/// <c>inputMapping</c> (child variable → expression over the parent's variables) sets the child's variables; without
/// it the child gets a copy of all of them. <c>outputMapping</c> (parent variable → expression over the child's final
/// variables) brings results back; without it all of the child's final variables are merged. A failed child fails
/// the step; cancelling the parent cancels the child.
/// </summary>
internal sealed class SubWorkflowStep : IStepBehavior
{
    public string Type => StepTypes.SubWorkflow;

    public bool TakesBoundaryEvents => true;

    public void Validate(StepDefinition step, string at, List<string> problems)
    {
        if (string.IsNullOrEmpty(step.WorkflowId))
        {
            problems.Add($"{at} is a SUB_WORKFLOW without workflowId: name the definition to run.");
        }

        if (step.WorkflowVersion is < 1)
        {
            problems.Add($"{at}: version is {step.WorkflowVersion}; definition versions start at 1.");
        }

        CheckMapping(step.InputMapping, $"{at}: inputMapping", problems);
        CheckMapping(step.OutputMapping, $"{at}: outputMapping", problems);
    }

    public StepDecision Enter(StepContext context)
    {
        var step = context.Step;
        try
        {
            var variables = Map(step.InputMapping, context.Variables) ?? (JsonObject)context.Variables.DeepClone();
            return new StepDecision.StartChild(step.WorkflowId!, step.WorkflowVersion, variables);
        }
        catch (ExpressionException ex)
        {
            return new StepDecision.Fail($"Step '{step.Id}': inputMapping: {ex.Message}");
        }
    }

    /// <summary><paramref name="payload"/>: the child's final variables.</summary>
    public StepDecision Resume(StepContext context, JsonObject? payload)
    {
        var childVariables = payload ?? [];
        try
        {
            return new StepDecision.Continue(context.Step.NextStep!, Map(context.Step.OutputMapping, childVariables) ?? childVariables);
        }
        catch (ExpressionException ex)
        {
            return new StepDecision.Fail($"Step '{context.Step.Id}': outputMapping: {ex.Message}");
        }
    }

    private static JsonObject? Map(OrderedDictionary<string, string>? mapping, JsonObject source)
    {
        if (mapping is null)
        {
            return null;
        }

        var mapped = new JsonObject();
        foreach (var (name, expression) in mapping)
        {
            mapped[name] = ExpressionCache.Get(expression).Evaluate(source)?.DeepClone();
        }

        return mapped;
    }

    private static void CheckMapping(OrderedDictionary<string, string>? mapping, string field, List<string> problems)
    {
        foreach (var (name, expression) in mapping ?? [])
        {
            if (!Expression.TryParse(expression, out _, out var error))
            {
                problems.Add($"{field}.{DefinitionChecks.Quote(name)}: {error}");
            }
        }
    }
}
