namespace Weft.Engine;

/// <summary>What one pass of a sweeper (lease expiry, timers) did.</summary>
/// <param name="Handled">Items handled: leases taken back, timers fired.</param>
/// <param name="Failures">Items that could not be handled, each with why; the others were handled regardless.</param>
public sealed record SweepResult(int Handled, IReadOnlyList<(string Id, Exception Error)> Failures);
