namespace Weft.Engine;

internal static class ClockExtensions
{
    /// <summary>
    /// Now, to the millisecond: the precision the stores keep, so that what a write answers equals what a later read returns.
    /// </summary>
    public static DateTimeOffset UtcNowMillis(this TimeProvider time)
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }
}
