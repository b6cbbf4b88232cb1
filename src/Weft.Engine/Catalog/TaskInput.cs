using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Weft.Engine.Catalog;

/// <summary>An input a catalogued task reads from the instance's variables.</summary>
public sealed record TaskInput
{
    private readonly JsonNode? _default;

    public string Name { get; init; } = "";

    /// <summary>One of <see cref="ParameterTypes.All"/>.</summary>
    public string Type { get; init; } = "";

    /// <summary>
    /// Whether the input must be there when the task runs. When a publish leaves it out it is true, unless a
    /// <see cref="Default"/> is given; the catalog keeps the answer.
    /// </summary>
    public bool? Required { get; init; }

    /// <summary>Any JSON value, null included: a <c>"default": null</c> is a default too (it makes the input optional).</summary>
    public JsonNode? Default
    {
        get => _default;
        init
        {
            _default = value;
            HasDefault = true;
        }
    }

    /// <summary>Whether the document gave a <see cref="Default"/> (JSON reads an explicit null and a missing field alike otherwise).</summary>
    [JsonIgnore]
    public bool HasDefault { get; private init; }

    /// <summary>A list of the values the input may take (any JSON values), or null for any value.</summary>
    public JsonNode? AllowedValues { get; init; }

    public string? Description { get; init; }
}
