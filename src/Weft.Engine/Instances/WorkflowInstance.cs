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

    /// <summary>The steps its live tokens are at: several while parallel branches run; the last step once finished.</summary>
    public IReadOnlyList<string> CurrentStepIds { get; init; } = [];

    public string? FailureReason { get; init; }

    /// <summary>The instance whose SUB_WORKFLOW step started this one, or null.</summary>
    public string? ParentInstanceId { get; init; }

    /// <summary>The token of the parent's SUB_WORKFLOW step that waits for this instance.</summary>
    [JsonIgnore]
    public string? ParentTokenId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it started: the same moment as <see cref="CreatedAt"/> (the name Rochallor clients read).</summary>
    public DateTimeOffset StartedAt => CreatedAt;

    public required DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>
    /// The latest progress of each open job that has reported, in the instance view (<see cref="InstanceService.GetAsync"/>);
    /// null, and left out of the JSON, wherever it is not read.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<OpenJobProgress>? Progress { get; init; }

    [JsonIgnore]
    public bool IsFinished => Status is InstanceStatus.Completed or InstanceStatus.Failed or InstanceStatus.Cancelled;
}
