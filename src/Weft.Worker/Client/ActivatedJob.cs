using System.Text.Json.Nodes;

namespace Weft.Worker.Client;

/// <summary>
/// A job as the server shows it: returned by a poll (locked for the polling worker until <see cref="LockExpiresAt"/>)
/// or read with <see cref="WeftClient.GetJobAsync"/>.
/// </summary>
public sealed record ActivatedJob
{
    public string Id { get; init; } = "";

    public string InstanceId { get; init; } = "";

    /// <summary>The id of the <c>SERVICE_TASK</c> step the job belongs to.</summary>
    public string StepId { get; init; } = "";

    public string StepExecutionId { get; init; } = "";

    public string JobType { get; init; } = "";

    public string? Status { get; init; }

    public string? WorkerId { get; init; }

    public DateTimeOffset? LockedAt { get; init; }

    public DateTimeOffset? LockExpiresAt { get; init; }

    public int RetriesRemaining { get; init; }

    public JsonObject? Variables { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public string? LockToken { get; init; }

    /// <summary>The latest progress report of the job; null before any.</summary>
    public JobProgress? Progress { get; init; }
}
