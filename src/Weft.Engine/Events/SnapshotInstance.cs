using Weft.Engine.Instances;

namespace Weft.Engine.Events;

/// <summary>An unfinished instance as an event stream's snapshot shows it.</summary>
public sealed record SnapshotInstance(
    string Id, string DefinitionId, string? BusinessKey, InstanceStatus Status, IReadOnlyList<string> CurrentStepIds, DateTimeOffset UpdatedAt);
