namespace Weft.Cli.Watching;

/// <summary>A job a worker holds now, with the latest progress it reported.</summary>
internal sealed record RunningJob(string Id, string InstanceId, string InstanceLabel, string StepId, string WorkerId, string LockedAt)
{
    public double? Percent { get; set; }

    public string? Message { get; set; }
}
