using Weft.Engine.Workers;

namespace Weft.Storage.Rows;

internal sealed class WorkerRow
{
    public string WorkerId { get; set; } = "";
    public string JobTypes { get; set; } = "[]";
    public long LastPollAt { get; set; }

    /// <summary>Read only: the jobs it holds now.</summary>
    public long JobsHeld { get; set; }

    public static WorkerRow From(WorkerSighting s) => new()
    {
        WorkerId = s.WorkerId,
        JobTypes = RowConvert.ToJson(s.JobTypes),
        LastPollAt = RowConvert.ToMillis(s.LastPollAt),
    };

    public SeenWorker ToSeenWorker() => new(WorkerId, RowConvert.ToList(JobTypes), RowConvert.FromMillis(LastPollAt), (int)JobsHeld);
}
