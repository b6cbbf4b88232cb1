using System.Text.Json.Nodes;

namespace Weft.Worker.Client;

/// <summary>The task a <c>USER_TASK</c> step waits on, as <c>/v1/user-tasks</c> returns it.</summary>
public sealed record UserTask
{
    public string Id { get; init; } = "";

    public string InstanceId { get; init; } = "";

    public string StepId { get; init; } = "";

    public string StepExecutionId { get; init; } = "";

    /// <summary>The step's <c>name</c>, if it has one.</summary>
    public string? Name { get; init; }

    public UserTaskStatus Status { get; init; }

    public string? Assignee { get; init; }

    public IReadOnlyList<string> CandidateGroups { get; init; } = [];

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Who completed it: the <c>completedBy</c> (or <c>workerId</c>) of the completion.</summary>
    public string? CompletedBy { get; init; }

    /// <summary>The variables the completion merged into the instance; null while open.</summary>
    public JsonObject? Result { get; init; }
}
