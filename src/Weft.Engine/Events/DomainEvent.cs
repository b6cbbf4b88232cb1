using System.Text.Json.Nodes;

namespace Weft.Engine.Events;

/// <summary>
/// One thing that happened to an instance, as the event table keeps it: appended in the transaction of the change it
/// describes, numbered (<see cref="Seq"/>) in commit order when it is stored.
/// </summary>
public sealed record DomainEvent
{
    /// <summary>Its place in the event table, in commit order; 0 before it is stored.</summary>
    public long Seq { get; init; }

    /// <summary>When the change was made, by the engine's clock.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>One of <see cref="EventTopics"/>.</summary>
    public required string Topic { get; init; }

    /// <summary>What happened: <c>started</c>, <c>completed</c>, <c>failed</c>, <c>locked</c>, <c>fired</c>…</summary>
    public required string Kind { get; init; }

    public required string InstanceId { get; init; }

    /// <summary>The instance's definition; null before it is stored when the change did not load the instance (the store fills it in).</summary>
    public string? DefinitionId { get; init; }

    public string? StepId { get; init; }

    /// <summary>The job, token, user task or timer the event is about, or the instance.</summary>
    public required string EntityId { get; init; }

    /// <summary>A few facts worth showing: status, jobType, workerId, percent, error…</summary>
    public JsonObject Data { get; init; } = [];
}
