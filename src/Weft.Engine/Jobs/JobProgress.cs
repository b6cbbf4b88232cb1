namespace Weft.Engine.Jobs;

/// <summary>What a worker reported about a job it holds: how far it is (0 to 100) and, optionally, what it is doing.</summary>
public sealed record JobProgress(double Percent, string? Message, DateTimeOffset ReportedAt);
