namespace Weft.Engine.Catalog;

/// <summary>What a worker publishes to a namespace: <c>{"tasks": [...]}</c>.</summary>
public sealed record CatalogDocument
{
    public IReadOnlyList<CatalogTask>? Tasks { get; init; }
}
