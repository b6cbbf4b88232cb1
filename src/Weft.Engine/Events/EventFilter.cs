namespace Weft.Engine.Events;

/// <summary>Which events (and which instances of a snapshot) a reader wants: those of one definition and/or one instance, or all.</summary>
public sealed record EventFilter(string? DefinitionId = null, string? InstanceId = null)
{
    public static EventFilter All { get; } = new();

    public bool Matches(DomainEvent e) =>
        (DefinitionId is null || e.DefinitionId == DefinitionId) && (InstanceId is null || e.InstanceId == InstanceId);
}
