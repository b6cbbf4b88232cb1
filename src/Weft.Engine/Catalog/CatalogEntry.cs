namespace Weft.Engine.Catalog;

/// <summary>A task of the catalog and the namespace that holds it.</summary>
public sealed record CatalogEntry(string Namespace, CatalogTask Task);
