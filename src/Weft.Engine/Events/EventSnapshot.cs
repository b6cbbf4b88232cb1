using Weft.Engine.Instances;

namespace Weft.Engine.Events;

/// <summary>
/// The state an event stream starts from: instance counts by status and the newest unfinished instances, read
/// together with <see cref="HighWater"/>, the last event they already reflect.
/// </summary>
public sealed record EventSnapshot(
    long HighWater, IReadOnlyDictionary<InstanceStatus, long> Counts, IReadOnlyList<SnapshotInstance> Instances, bool Truncated);
