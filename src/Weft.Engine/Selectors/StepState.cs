namespace Weft.Engine.Selectors;

/// <summary>The STATUS part of a selector: a state of one step of one instance.</summary>
public enum StepState
{
    /// <summary>A path is at the step and nothing runs it yet: its job is not claimed (or in backoff), or the token waits.</summary>
    Waiting,

    /// <summary>A worker holds the step's job.</summary>
    Running,

    /// <summary>The instance is FAILED and the step's latest attempt failed.</summary>
    Failed,

    /// <summary>An operator holds the step (the hold command).</summary>
    Held,

    /// <summary>An attempt at the step completed.</summary>
    Completed,
}
