namespace Weft.Engine.Timers;

/// <summary>
/// A moment an instance waits for: a TIMER step, or a TIMER boundary event of a waiting step. Timers are rows, fired
/// by a sweeper that reads the engine's clock, so they survive restarts and fire once.
/// </summary>
public sealed record WorkflowTimer
{
    public required string Id { get; init; }

    public required string InstanceId { get; init; }

    public required string TokenId { get; init; }

    /// <summary>The TIMER step, or the step the boundary event is attached to.</summary>
    public required string StepId { get; init; }

    public required TimerKind Kind { get; init; }

    /// <summary>Boundary timers: the step to go to when it fires.</summary>
    public string? TargetStepId { get; init; }

    /// <summary>Boundary timers: whether firing ends the step it is attached to.</summary>
    public bool Interrupting { get; init; }

    public required DateTimeOffset DueAt { get; init; }

    public required TimerStatus Status { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
