namespace Weft.Engine.Events;

/// <summary>
/// The ends of the event table: <see cref="HighWater"/> is the last event stored (no event below it can still
/// appear), <see cref="PurgedThrough"/> the last one retention deleted (0 when none was).
/// </summary>
public sealed record EventBounds(long HighWater, long PurgedThrough);
