using System.Text.Json.Nodes;

namespace Weft.Worker.Client;

/// <summary>One attempt at one step of an instance: an item of <c>/v1/instances/{id}/history</c>.</summary>
public sealed record StepExecution
{
    public string Id { get; init; } = "";

    public string InstanceId { get; init; } = "";

    public string StepId { get; init; } = "";

    public string StepType { get; init; } = "";

    /// <summary>RUNNING, COMPLETED, FAILED, SKIPPED or CANCELLED.</summary>
    public string Status { get; init; } = "";

    /// <summary>1 for the first try, 2 for the first retry, ...</summary>
    public int AttemptNumber { get; init; }

    public JsonObject? Input { get; init; }

    public JsonObject? Output { get; init; }

    public string? FailureReason { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the attempt ended (completed, failed, skipped or cancelled); null while it runs.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The progress reports of the attempt's job, oldest first (the last 100 at most).</summary>
    public IReadOnlyList<JobProgress> Progress { get; init; } = [];
}
