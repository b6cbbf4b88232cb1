namespace Weft.Engine.Catalog;

/// <summary>One namespace of the task catalog (usually one worker module's tasks), its tasks sorted by name.</summary>
public sealed record CatalogNamespace(string Namespace, IReadOnlyList<CatalogTask> Tasks, DateTimeOffset UpdatedAt);
