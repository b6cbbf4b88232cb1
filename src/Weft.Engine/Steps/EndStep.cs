using Weft.Engine.Definitions;

namespace Weft.Engine.Steps;

/// <summary>
/// END: completes the instance. Like BPMN's terminate end event (and Rochallor), any other path still running is
/// cancelled; paths that should all finish first meet at a JOIN_GATEWAY before the END.
/// </summary>
internal sealed class EndStep : IStepBehavior
{
    public string Type => StepTypes.End;

    public bool NeedsNextStep => false;

    public void Validate(StepDefinition step, string at, List<string> problems)
    {
        if (step.NextStep is not null || step.ParallelNextSteps is { Count: > 0 } || step.ConditionalNextSteps is { Count: > 0 })
        {
            problems.Add($"{at} is an END step but has a next step: END ends the instance, so remove nextStep.");
        }
    }

    public StepDecision Enter(StepContext context) => new StepDecision.Complete();
}
