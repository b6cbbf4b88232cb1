using System.Text.Json.Nodes;

namespace Weft.Engine.UserTasks;

/// <summary>Work for a person: opened when a token enters a USER_TASK step, completed through the API.</summary>
public sealed record UserTask
{
    public required string Id { get; init; }

    public required string InstanceId { get; init; }

    public required string TokenId { get; init; }

    public required string StepId { get; init; }

    public required string StepExecutionId { get; init; }

    public string? Name { get; init; }

    public required UserTaskStatus Status { get; init; }

    public string? Assignee { get; init; }

    public IReadOnlyList<string> CandidateGroups { get; init; } = [];

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public string? CompletedBy { get; init; }

    /// <summary>The variables the completion brought (merged into the instance).</summary>
    public JsonObject? Result { get; init; }
}
