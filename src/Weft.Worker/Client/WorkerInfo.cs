namespace Weft.Worker.Client;

/// <summary>A worker that polled in the last hour (<c>GET /v1/workers</c>).</summary>
public sealed record WorkerInfo
{
    public string WorkerId { get; init; } = "";

    /// <summary>The job types of its latest poll.</summary>
    public IReadOnlyList<string> JobTypes { get; init; } = [];

    public DateTimeOffset? LastPollAt { get; init; }

    /// <summary>How many jobs it holds now.</summary>
    public int JobsHeld { get; init; }
}
