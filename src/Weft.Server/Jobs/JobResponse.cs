using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Weft.Engine.Jobs;

namespace Weft.Server.Jobs;

/// <summary>
/// A job as workers see it (Rochallor's fields, plus <c>lockToken</c> and <c>progress</c>). A poll's jobs carry the
/// instance's <c>variables</c>; <c>GET /v1/jobs/{id}</c> leaves them out.
/// </summary>
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
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Variables,
    DateTimeOffset CreatedAt,
    string? LockToken,
    JobProgress? Progress)
{
    public static JobResponse From(ClaimedJob claimed) => From(claimed.Job, claimed.Variables);

    public static JobResponse From(Job job, JsonObject? variables = null) =>
        new(
            job.Id, job.InstanceId, job.StepId, job.StepExecutionId, job.JobType, job.Status, job.WorkerId, job.LockedAt, job.LockExpiresAt,
            job.RetriesRemaining, variables, job.CreatedAt, job.LockToken, job.Progress);
}
