namespace Weft.Worker.Client;

/// <summary>The latest progress report of one open job of an instance (<see cref="WorkflowInstance.Progress"/>).</summary>
public sealed record InstanceJobProgress
{
    public string JobId { get; init; } = "";

    public string StepId { get; init; } = "";

    /// <summary>0 to 100.</summary>
    public double Percent { get; init; }

    public string? Message { get; init; }

    public DateTimeOffset? ReportedAt { get; init; }
}
