namespace Weft.Engine.Catalog;

/// <summary>A variable a catalogued task returns, merged into the instance's variables when its job completes.</summary>
public sealed record TaskOutput
{
    public string Name { get; init; } = "";

    /// <summary>One of <see cref="ParameterTypes.All"/>.</summary>
    public string Type { get; init; } = "";

    public string? Description { get; init; }
}
