namespace Weft.Worker.Client;

/// <summary>A progress report of a job: the latest is on the job, each is kept in the step's history.</summary>
public sealed record JobProgress
{
    /// <summary>0 to 100.</summary>
    public double Percent { get; init; }

    public string? Message { get; init; }

    public DateTimeOffset? ReportedAt { get; init; }
}
