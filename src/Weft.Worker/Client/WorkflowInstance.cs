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

    public string? CurrentStepId { get; init; }

    public string? FailureReason { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }
}
