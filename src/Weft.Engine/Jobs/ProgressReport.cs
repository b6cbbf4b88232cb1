namespace Weft.Engine.Jobs;

/// <summary>A progress report as the history keeps it: with the job and the attempt (step execution) it was about.</summary>
public sealed record ProgressReport(string JobId, string InstanceId, string StepExecutionId, JobProgress Progress);
