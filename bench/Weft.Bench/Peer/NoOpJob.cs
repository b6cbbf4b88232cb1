namespace Weft.Bench.Peer;

/// <summary>The job Hangfire runs: it only counts itself.</summary>
public static class NoOpJob
{
    private static long _runs;

    public static long Runs => Interlocked.Read(ref _runs);

    public static void Run() => Interlocked.Increment(ref _runs);

    public static void Reset() => Interlocked.Exchange(ref _runs, 0);
}
