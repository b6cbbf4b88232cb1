namespace Weft.Engine.Jobs;

/// <summary>Work for an external worker: one SERVICE_TASK step of one instance, across all its attempts.</summary>
public sealed record Job
{
    public required string Id { get; init; }

    public required string InstanceId { get; init; }

    /// <summary>The token at the job's step.</summary>
    public string TokenId { get; init; } = "";

    /// <summary>The history row of the current attempt.</summary>
    public required string StepExecutionId { get; init; }

    public required string StepId { get; init; }

    public required string JobType { get; init; }

    public required JobStatus Status { get; init; }

    public string? WorkerId { get; init; }

    /// <summary>New on every claim, so a worker that lost its lease cannot act on the job's next claim.</summary>
    public string? LockToken { get; init; }

    public DateTimeOffset? LockedAt { get; init; }

    public DateTimeOffset? LockExpiresAt { get; init; }

    public required int RetriesRemaining { get; init; }

    /// <summary>Not handed out before this moment (retry backoff).</summary>
    public required DateTimeOffset RunAt { get; init; }

    /// <summary>Not handed out while set: its instance is suspended or failed.</summary>
    public bool Held { get; init; }

    /// <summary>The lease a claim gets.</summary>
    public required TimeSpan LeaseDuration { get; init; }

    /// <summary>The lease the current holder asked for in its poll (<c>leaseSeconds</c>), when it asked for one.</summary>
    public TimeSpan? ClaimLease { get; init; }

    /// <summary>The lease of the current claim: what the poll asked for, or the job's own.</summary>
    public TimeSpan ActiveLease => ClaimLease ?? LeaseDuration;

    public string? LastError { get; init; }

    /// <summary>The output of the accepted completion, kept so that an identical second completion is recognised.</summary>
    public string? CompletionHash { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The latest progress report of the current attempt, or null before the first (a retry starts without one).</summary>
    public JobProgress? Progress { get; init; }

    /// <summary>Not finished: waiting for a worker or held by one.</summary>
    public bool IsOpen => Status is JobStatus.Unlocked or JobStatus.Locked;
}
