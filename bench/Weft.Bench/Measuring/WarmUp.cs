namespace Weft.Bench.Measuring;

/// <summary>
/// How long a part runs its load before it measures. Tiered compilation recompiles the hot methods in the background
/// during the first seconds of load; a shorter warm-up (it was 500 instances, under a second) put that JIT time into
/// the figures: a third of the server's CPU in a 5,000-instance run, and more of the change between two commits than
/// the code itself.
/// </summary>
public static class WarmUp
{
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(8);

    /// <summary>Runs <paramref name="round"/> until <see cref="Duration"/> has passed; how many rounds ran.</summary>
    public static async Task<int> RunAsync(Func<Task> round)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var rounds = 0;
        do
        {
            await round();
            rounds++;
        }
        while (clock.Elapsed < Duration);

        return rounds;
    }
}
