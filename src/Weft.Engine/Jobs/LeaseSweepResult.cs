namespace Weft.Engine.Jobs;

/// <summary>What one pass of <see cref="JobService.ExpireLeasesAsync"/> did.</summary>
/// <param name="TakenBack">Jobs whose lease had run out and that were taken back from their worker.</param>
/// <param name="Failures">Jobs that could not be taken back, each with why; the others were taken back regardless.</param>
public sealed record LeaseSweepResult(int TakenBack, IReadOnlyList<(string JobId, Exception Error)> Failures);
