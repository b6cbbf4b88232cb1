namespace Weft.Engine.Jobs;

public enum JobStatus
{
    /// <summary>Waiting for a worker (from <see cref="Job.RunAt"/> on).</summary>
    Unlocked,

    /// <summary>Held by a worker until <see cref="Job.LockExpiresAt"/>.</summary>
    Locked,

    Completed,
    Failed,
    Cancelled,
}
