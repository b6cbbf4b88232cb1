using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Weft.Engine.Instances;

public sealed record WorkflowInstance
{
    public required string Id { get; init; }

    public required string DefinitionId { get; init; }

    public required int DefinitionVersion { get; init; }

    public required InstanceStatus Status { get; init; }

    public string? BusinessKey { get; init; }

    public required JsonObject Variables { get; init; }

    public string? CurrentStepId { get; init; }

    public string? FailureReason { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    [JsonIgnore]
    public bool IsFinished => Status is InstanceStatus.Completed or InstanceStatus.Failed or InstanceStatus.Cancelled;
}
