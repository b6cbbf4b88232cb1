namespace Weft.Bench.Measuring;

/// <summary>Counts durable commits from outside the code under test (no change to Weft or Hangfire).</summary>
public abstract class CommitCounter
{
    /// <summary>Starts counting; the function returned counts the commits since, or answers null when they cannot be counted.</summary>
    public abstract Task<Func<Task<long?>>> StartAsync();

    public static double? PerJob(long? commits, long jobs) => commits is { } c && jobs > 0 ? (double)c / jobs : null;
}
