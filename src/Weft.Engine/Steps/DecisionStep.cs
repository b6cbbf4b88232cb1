using Weft.Engine.Definitions;
using Weft.Engine.Expressions;

namespace Weft.Engine.Steps;

/// <summary>
/// DECISION: goes to the target of the first of <c>conditionalNextSteps</c> whose expression is true. Without a
/// match it goes to <c>nextStep</c> when one is set (a default branch), and otherwise fails with
/// DecisionNoBranchMatched. Loops back to earlier steps are allowed.
/// </summary>
internal sealed class DecisionStep : IStepBehavior
{
    public string Type => StepTypes.Decision;

    public bool NeedsNextStep => false;

    public void Validate(StepDefinition step, string at, List<string> problems)
    {
        if (step.ConditionalNextSteps is not { Count: > 0 })
        {
            problems.Add($"{at} is a DECISION without conditionalNextSteps: map each condition to the step it leads to, e.g. {{\"amount > 1000\": \"review\"}}.");
            return;
        }

        foreach (var (condition, _) in step.ConditionalNextSteps)
        {
            if (!Expression.TryParse(condition, out _, out var error))
            {
                problems.Add($"{at}: {error}");
            }
        }
    }

    public StepDecision Enter(StepContext context)
    {
        foreach (var (condition, target) in context.Step.ConditionalNextSteps!)
        {
            bool holds;
            try
            {
                holds = ExpressionCache.Get(condition).EvaluateCondition(context.Variables);
            }
            catch (ExpressionException ex)
            {
                return new StepDecision.Fail($"Step '{context.Step.Id}': {ex.Message}");
            }

            if (holds)
            {
                return new StepDecision.Continue(target);
            }
        }

        return context.Step.NextStep is { } otherwise
            ? new StepDecision.Continue(otherwise)
            : new StepDecision.Fail(
                $"DecisionNoBranchMatched: no condition of step '{context.Step.Id}' is true ({string.Join("; ", context.Step.ConditionalNextSteps.Keys)}), and it has no nextStep to take otherwise.");
    }
}
