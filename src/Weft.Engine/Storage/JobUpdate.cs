using Weft.Engine.Jobs;

namespace Weft.Engine.Storage;

/// <summary>A job's new state, written only if the stored row still has <paramref name="ExpectedStatus"/> and <paramref name="ExpectedLockToken"/>.</summary>
public sealed record JobUpdate(Job Job, JobStatus ExpectedStatus, string? ExpectedLockToken);
