namespace Weft.Engine;

/// <summary>What one pass of a sweeper (lease expiry, timers) did.</summary>
/// <param name="Handled">Items handled: leases taken back, timers fired.</param>
/// <param name="Failures">Items that could not be handled, each with why; the others were handled regardless.</param>
public sealed record SweepResult(int Handled, IReadOnlyList<(string Id, Exception Error)> Failures)
{
    /// <summary>
    /// Waits for every item (started together, so that the engine commits them together) and counts them: an item
    /// that answers true was handled; one that throws is a failure and does not stop the others.
    /// </summary>
    internal static async Task<SweepResult> OfAsync(IEnumerable<(string Id, Task<bool> Work)> items)
    {
        var handled = 0;
        var failures = new List<(string, Exception)>();
        foreach (var (id, work) in items.ToList())
        {
            try
            {
                if (await work)
                {
                    handled++;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures.Add((id, ex));
            }
        }

        return new SweepResult(handled, failures);
    }
}
