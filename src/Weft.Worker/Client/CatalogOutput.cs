namespace Weft.Worker.Client;

/// <summary>An output of a <see cref="CatalogTask"/>: a variable the task sets when it completes.</summary>
public sealed record CatalogOutput
{
    public string Name { get; init; } = "";

    /// <summary>One of the <see cref="CatalogType"/> names.</summary>
    public string Type { get; init; } = CatalogType.Any;

    public string? Description { get; init; }
}
