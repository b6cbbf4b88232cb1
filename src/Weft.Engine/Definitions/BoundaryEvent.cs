namespace Weft.Engine.Definitions;

/// <summary>An event attached to a step, e.g. a TIMER that moves the instance to <see cref="TargetStepId"/> after <see cref="Duration"/>.</summary>
public sealed record BoundaryEvent
{
    public string Type { get; init; } = "";

    /// <summary>ISO-8601 duration, e.g. <c>PT30M</c> or <c>P7D</c>.</summary>
    public string? Duration { get; init; }

    /// <summary>True: firing ends the step and the token continues at the target. False (the default, as in Rochallor): a new path starts at the target beside the step.</summary>
    public bool Interrupting { get; init; }

    public string? TargetStepId { get; init; }
}
