using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Weft.Engine.Instances;

/// <summary>One attempt at one step of an instance: a row of the instance's history.</summary>
public sealed record StepExecution
{
    public required string Id { get; init; }

    public required string InstanceId { get; init; }

    /// <summary>The token that was at the step.</summary>
    [JsonIgnore]
    public string TokenId { get; init; } = "";

    public required string StepId { get; init; }

    public required string StepType { get; init; }

    public required StepExecutionStatus Status { get; init; }

    /// <summary>1 for the first try, 2 for the first retry, and so on.</summary>
    public required int AttemptNumber { get; init; }

    /// <summary>The instance variables when the attempt started.</summary>
    public JsonObject? Input { get; init; }

    /// <summary>The variables the attempt produced.</summary>
    public JsonObject? Output { get; init; }

    public string? FailureReason { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>
    /// The progress reports of the attempt's job, oldest first (the newest <see cref="Jobs.JobService.MaxProgressReportsPerAttempt"/>),
    /// as the instance's history shows them; empty for steps without a job, and wherever the history is not read.
    /// </summary>
    public IReadOnlyList<Jobs.JobProgress> Progress { get; init; } = [];
}
