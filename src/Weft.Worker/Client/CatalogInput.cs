using System.Text.Json.Nodes;

namespace Weft.Worker.Client;

/// <summary>An input of a <see cref="CatalogTask"/>: a variable the task reads.</summary>
public sealed record CatalogInput
{
    public string Name { get; init; } = "";

    /// <summary>One of the <see cref="CatalogType"/> names: <c>string</c>, <c>integer</c>, <c>number</c>, ...</summary>
    public string Type { get; init; } = CatalogType.Any;

    /// <summary>The server takes a missing <c>required</c> as true unless a <see cref="Default"/> is given.</summary>
    public bool? Required { get; init; }

    /// <summary>The value used when the variable is missing; null when there is none.</summary>
    public JsonNode? Default { get; init; }

    /// <summary>The only values the input takes (an enum's names); null when any value of the type goes.</summary>
    public JsonArray? AllowedValues { get; init; }

    public string? Description { get; init; }
}
