using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Weft.Engine.Definitions;

/// <summary>A workflow definition as uploaded (Rochallor format plus Weft's additions). The first step is the entry.</summary>
public sealed record WorkflowDefinition
{
    public string Id { get; init; } = "";

    /// <summary>Assigned by the server on upload; ignored in an uploaded document.</summary>
    public int Version { get; init; }

    public string? Name { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<StepDefinition> Steps { get; init; } = [];

    public bool AutoStartNextWorkflow { get; init; }

    public string? NextWorkflowId { get; init; }

    public JsonObject? Metadata { get; init; }

    /// <summary>When this version was stored; ignored in an uploaded document.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The same as <see cref="CreatedAt"/>, under the name Rochallor clients read.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? UploadedAt => CreatedAt;

    public StepDefinition? FindStep(string stepId)
    {
        foreach (var step in Steps)
        {
            if (step.Id == stepId)
            {
                return step;
            }
        }

        return null;
    }
}
