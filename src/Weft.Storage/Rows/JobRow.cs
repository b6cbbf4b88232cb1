using Weft.Engine.Jobs;

namespace Weft.Storage.Rows;

internal sealed class JobRow
{
    public string Id { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string TokenId { get; set; } = "";
    public string StepExecutionId { get; set; } = "";
    public string StepId { get; set; } = "";
    public string JobType { get; set; } = "";
    public string Status { get; set; } = "";
    public string? WorkerId { get; set; }
    public string? LockToken { get; set; }
    public long? LockedAt { get; set; }
    public long? LockExpiresAt { get; set; }
    public long RetriesRemaining { get; set; }
    public long RunAt { get; set; }
    public bool Held { get; set; }
    public long LeaseMs { get; set; }
    public long? ClaimLeaseMs { get; set; }
    public string? LastError { get; set; }
    public string? CompletionHash { get; set; }
    public long CreatedAt { get; set; }
    public double? ProgressPercent { get; set; }
    public string? ProgressMessage { get; set; }
    public long? ProgressAt { get; set; }

    public static JobRow From(Job j) => new()
    {
        Id = j.Id,
        InstanceId = j.InstanceId,
        TokenId = j.TokenId,
        StepExecutionId = j.StepExecutionId,
        StepId = j.StepId,
        JobType = j.JobType,
        Status = RowConvert.ToText(j.Status),
        WorkerId = j.WorkerId,
        LockToken = j.LockToken,
        LockedAt = RowConvert.ToMillis(j.LockedAt),
        LockExpiresAt = RowConvert.ToMillis(j.LockExpiresAt),
        RetriesRemaining = j.RetriesRemaining,
        RunAt = RowConvert.ToMillis(j.RunAt),
        Held = j.Held,
        LeaseMs = (long)j.LeaseDuration.TotalMilliseconds,
        ClaimLeaseMs = j.ClaimLease is { } claim ? (long)claim.TotalMilliseconds : null,
        LastError = j.LastError,
        CompletionHash = j.CompletionHash,
        CreatedAt = RowConvert.ToMillis(j.CreatedAt),
        ProgressPercent = j.Progress?.Percent,
        ProgressMessage = j.Progress?.Message,
        ProgressAt = RowConvert.ToMillis(j.Progress?.ReportedAt),
    };

    public Job ToJob() => new()
    {
        Id = Id,
        InstanceId = InstanceId,
        TokenId = TokenId,
        StepExecutionId = StepExecutionId,
        StepId = StepId,
        JobType = JobType,
        Status = RowConvert.ToEnum<JobStatus>(Status),
        WorkerId = WorkerId,
        LockToken = LockToken,
        LockedAt = RowConvert.FromMillis(LockedAt),
        LockExpiresAt = RowConvert.FromMillis(LockExpiresAt),
        RetriesRemaining = (int)RetriesRemaining,
        RunAt = RowConvert.FromMillis(RunAt),
        Held = Held,
        LeaseDuration = TimeSpan.FromMilliseconds(LeaseMs),
        ClaimLease = ClaimLeaseMs is { } claim ? TimeSpan.FromMilliseconds(claim) : null,
        LastError = LastError,
        CompletionHash = CompletionHash,
        CreatedAt = RowConvert.FromMillis(CreatedAt),
        Progress = ProgressAt is { } reportedAt ? new JobProgress(ProgressPercent ?? 0, ProgressMessage, RowConvert.FromMillis(reportedAt)) : null,
    };
}
