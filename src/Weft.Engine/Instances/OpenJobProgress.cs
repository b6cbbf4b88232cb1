namespace Weft.Engine.Instances;

/// <summary>The latest progress report of one of an instance's open jobs, as the instance view shows it.</summary>
public sealed record OpenJobProgress(string JobId, string StepId, double Percent, string? Message, DateTimeOffset ReportedAt);
