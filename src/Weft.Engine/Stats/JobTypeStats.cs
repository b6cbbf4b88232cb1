namespace Weft.Engine.Stats;

/// <param name="Waiting">Unlocked and handed out as soon as a worker polls (now or after a retry backoff).</param>
/// <param name="Locked">Held by a worker.</param>
/// <param name="Held">Unlocked but not handed out: its instance is suspended or failed, or an operator holds its step.</param>
public sealed record JobTypeStats(string JobType, long Waiting, long Locked, long Held);
