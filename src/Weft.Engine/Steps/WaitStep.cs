using Weft.Engine.Definitions;

namespace Weft.Engine.Steps;

/// <summary>WAIT: parks the token until a signal to this step arrives (its body is merged into the variables).</summary>
internal sealed class WaitStep : IStepBehavior
{
    public string Type => StepTypes.Wait;

    public bool TakesBoundaryEvents => true;

    public StepDecision Enter(StepContext context) => new StepDecision.AwaitSignal();
}
