using Weft.Engine.Definitions;

namespace Weft.Engine.Steps;

/// <summary>JOIN_GATEWAY: where the branches of one PARALLEL_GATEWAY meet; each branch's token waits here.</summary>
internal sealed class JoinGatewayStep : IStepBehavior
{
    public string Type => StepTypes.JoinGateway;

    public StepDecision Enter(StepContext context) => new StepDecision.Arrive();
}
