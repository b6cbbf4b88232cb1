using Weft.Engine.Instances;

namespace Weft.Engine.Stats;

/// <summary>What the engine holds right now: instances by status, open jobs per job type, and timers that are due.</summary>
public sealed record WeftStats(
    IReadOnlyDictionary<InstanceStatus, long> Instances,
    IReadOnlyList<JobTypeStats> Jobs,
    long TimersDue);
