using Weft.Engine.Definitions;

namespace Weft.Engine.Steps;

/// <summary>
/// PARALLEL_GATEWAY: sends one token down each of <c>parallelNextSteps</c>; they meet at <c>joinStep</c>, which
/// continues once every branch of this activation has arrived. Gateways nest.
/// </summary>
internal sealed class ParallelGatewayStep : IStepBehavior
{
    public string Type => StepTypes.ParallelGateway;

    public bool NeedsNextStep => false;

    public void Validate(StepDefinition step, string at, List<string> problems)
    {
        if (step.ParallelNextSteps is not { Count: >= 2 })
        {
            problems.Add($"{at} is a PARALLEL_GATEWAY with {step.ParallelNextSteps?.Count ?? 0} branch(es) in parallelNextSteps: list the first step of each branch, at least two.");
        }
        else if (step.ParallelNextSteps.Distinct(StringComparer.Ordinal).Count() != step.ParallelNextSteps.Count)
        {
            problems.Add($"{at}: parallelNextSteps lists a step twice; each branch starts at a step of its own.");
        }

        if (step.JoinStep is null)
        {
            problems.Add($"{at} is a PARALLEL_GATEWAY without joinStep: name the JOIN_GATEWAY where its branches meet.");
        }

        if (step.NextStep is not null)
        {
            problems.Add($"{at} is a PARALLEL_GATEWAY with a nextStep: it goes on at its joinStep's nextStep once all branches arrive, so remove nextStep.");
        }
    }

    public StepDecision Enter(StepContext context) => new StepDecision.Fork(context.Step.ParallelNextSteps!);

}
