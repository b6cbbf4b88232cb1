using Weft.Engine.Instances;

namespace Weft.Engine.Events;

/// <summary>What the metrics gauges show: instances by status, jobs waiting for a worker or held by one, timers due.</summary>
public sealed record StoreCounts(IReadOnlyDictionary<InstanceStatus, long> Instances, long JobsWaiting, long JobsLocked, long TimersDue);
