using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Weft.Engine.Definitions;

/// <summary>One step of a definition. Which fields matter depends on <see cref="Type"/> (see docs/definitions.md).</summary>
public sealed record StepDefinition
{
    public string Id { get; init; } = "";

    public string? Name { get; init; }

    /// <summary>One of <see cref="StepTypes"/>; kept as text so that an unknown type is a validation problem, not a parse error.</summary>
    public string Type { get; init; } = "";

    public string? Description { get; init; }

    public string? NextStep { get; init; }

    /// <summary>The job type workers poll for; defaults to the step id.</summary>
    public string? JobType { get; init; }

    public int? RetryCount { get; init; }

    /// <summary>Ordered map: expression → step id. The first expression that yields true wins.</summary>
    public OrderedDictionary<string, string>? ConditionalNextSteps { get; init; }

    /// <summary>Map: variable name → literal, or <c>"${expr}"</c>.</summary>
    public OrderedDictionary<string, JsonNode?>? Transformations { get; init; }

    public IReadOnlyList<string>? ParallelNextSteps { get; init; }

    public string? JoinStep { get; init; }

    public IReadOnlyList<BoundaryEvent>? BoundaryEvents { get; init; }

    /// <summary>Stored and returned; advisory only.</summary>
    public string? DelegateClass { get; init; }

    /// <summary>TIMER: an ISO-8601 duration to wait.</summary>
    public string? Duration { get; init; }

    /// <summary>TIMER: an ISO-8601 instant to wait until.</summary>
    public string? Until { get; init; }

    /// <summary>SUB_WORKFLOW: the child definition id.</summary>
    public string? WorkflowId { get; init; }

    /// <summary>SUB_WORKFLOW: the child definition version (latest when absent).</summary>
    [JsonPropertyName("version")]
    public int? WorkflowVersion { get; init; }

    public OrderedDictionary<string, string>? InputMapping { get; init; }

    public OrderedDictionary<string, string>? OutputMapping { get; init; }

    /// <summary>SCRIPT_TASK: the script to run, relative to the script runner's allowed roots.</summary>
    public string? Script { get; init; }

    /// <summary>USER_TASK: who should do it.</summary>
    public string? Assignee { get; init; }

    /// <summary>USER_TASK: the groups whose members may do it.</summary>
    public IReadOnlyList<string>? CandidateGroups { get; init; }

    /// <summary>USER_TASK: one group whose members may do it (the same as a one-entry <see cref="CandidateGroups"/>).</summary>
    public string? CandidateGroup { get; init; }

    public RetryBackoff? RetryBackoff { get; init; }

    /// <summary>ISO-8601 duration: the lease a worker gets on this step's job (the default lease when absent).</summary>
    public string? Timeout { get; init; }

    [JsonIgnore]
    public string EffectiveJobType => string.IsNullOrEmpty(JobType) ? Id : JobType;
}
