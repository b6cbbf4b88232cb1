using System.Text.Json.Nodes;

namespace Weft.Worker.Client;

/// <summary>An instance as the server returns it from <c>/v1/instances</c>.</summary>
public sealed record WorkflowInstance
{
    public string Id { get; init; } = "";

    public string DefinitionId { get; init; } = "";

    public int DefinitionVersion { get; init; }

    public InstanceStatus Status { get; init; }

    public string? BusinessKey { get; init; }

    public JsonObject? Variables { get; init; }

    /// <summary>The steps the instance is at: one, several while parallel branches run, the last one once finished.</summary>
    public IReadOnlyList<string> CurrentStepIds { get; init; } = [];

    public string? FailureReason { get; init; }

    /// <summary>The instance that started this one from a <c>SUB_WORKFLOW</c> step; null for a top-level instance.</summary>
    public string? ParentInstanceId { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>The latest progress report of each open job of the instance that has reported.</summary>
    public IReadOnlyList<InstanceJobProgress> Progress { get; init; } = [];
}
