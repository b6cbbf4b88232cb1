namespace Weft.Worker.Client;

/// <summary>A namespace of the task catalog with its tasks, sorted by name.</summary>
public sealed record CatalogNamespace
{
    public string Namespace { get; init; } = "";

    public IReadOnlyList<CatalogTask> Tasks { get; init; } = [];

    public DateTimeOffset? UpdatedAt { get; init; }
}
