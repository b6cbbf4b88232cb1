using System.Text.Json.Nodes;
using Weft.Engine.Definitions;

namespace Weft.Engine.Steps;

/// <summary>
/// Everything one step type means, in one place: how it is validated, what entering it decides, and how it goes on
/// when what it waits for has happened. The <see cref="StepRegistry"/> holds one per type; the validator and the
/// advancer ask it, so adding a type is adding one class.
/// </summary>
internal interface IStepBehavior
{
    /// <summary>The type name in definitions, e.g. <c>SERVICE_TASK</c>.</summary>
    string Type { get; }

    /// <summary>False for a type that is validated but cannot run in this version.</summary>
    bool IsExecutable => true;

    /// <summary>True when the step continues at its <c>nextStep</c> (so one is required).</summary>
    bool NeedsNextStep => true;

    /// <summary>True for steps that wait (for a job, a person, a signal…), the only ones TIMER boundary events attach to.</summary>
    bool TakesBoundaryEvents => false;

    /// <summary>Adds the problems of the type's own fields, each starting with <paramref name="at"/>.</summary>
    void Validate(StepDefinition step, string at, List<string> problems)
    {
    }

    StepDecision Enter(StepContext context);

    /// <summary>
    /// What the step does once what it waited for has happened (a job completed, a task, a signal, a timer, a child
    /// instance, the last branch at a join); <paramref name="payload"/> is what that brought, if anything.
    /// </summary>
    StepDecision Resume(StepContext context, JsonObject? payload) => new StepDecision.Continue(context.Step.NextStep!, payload);
}
