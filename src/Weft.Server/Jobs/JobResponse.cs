using System.Text.Json.Nodes;
using Weft.Engine.Jobs;

namespace Weft.Server.Jobs;

/// <summary>A job as workers see it (Rochallor's fields, plus <c>lockToken</c>).</summary>
internal sealed record JobResponse(
    string Id,
    string InstanceId,
    string StepId,
    string StepExecutionId,
    string JobType,
    JobStatus Status,
    string? WorkerId,
    DateTimeOffset? LockedAt,
    DateTimeOffset? LockExpiresAt,
    int RetriesRemaining,
    JsonObject Variables,
    DateTimeOffset CreatedAt,
    string? LockToken)
{
    public static JobResponse From(ClaimedJob claimed)
    {
        var job = claimed.Job;
        return new JobResponse(
            job.Id, job.InstanceId, job.StepId, job.StepExecutionId, job.JobType, job.Status, job.WorkerId, job.LockedAt, job.LockExpiresAt,
            job.RetriesRemaining, claimed.Variables, job.CreatedAt, job.LockToken);
    }
}
