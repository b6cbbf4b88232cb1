namespace Weft.Worker.Client;

/// <summary>
/// One task of a catalog namespace (<c>PUT /v1/catalog/{namespace}</c>): its name is the job type of its jobs, its
/// inputs are the variables it reads and its outputs the variables it sets.
/// </summary>
public sealed record CatalogTask
{
    public string Name { get; init; } = "";

    public string? Description { get; init; }

    public string? Version { get; init; }

    /// <summary>An ISO-8601 duration such as <c>PT5M</c>, as a step's <c>timeout</c>.</summary>
    public string? Timeout { get; init; }

    public IReadOnlyList<CatalogInput> Inputs { get; init; } = [];

    public IReadOnlyList<CatalogOutput> Outputs { get; init; } = [];
}
