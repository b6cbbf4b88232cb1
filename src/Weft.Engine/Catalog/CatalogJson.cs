using System.Text.Json;
using Weft.Engine.Definitions;

namespace Weft.Engine.Catalog;

/// <summary>How catalog documents are read and written: the definition format's settings (unknown fields refused, numbers strict).</summary>
public static class CatalogJson
{
    public static JsonSerializerOptions Options => DefinitionJson.Options;

    /// <summary>Reads a published document, with errors a person can act on; the rules are <see cref="CatalogRules"/>'.</summary>
    public static CatalogDocument Parse(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            throw WeftException.Invalid("The body is empty. Send {\"tasks\": [...]}, each task with a name, inputs and outputs.");
        }

        JsonInput.Check(json, "The catalog");
        try
        {
            return JsonSerializer.Deserialize<CatalogDocument>(json, Options)
                ?? throw WeftException.Invalid("The body is 'null'. Send {\"tasks\": [...]}.");
        }
        catch (JsonException ex)
        {
            throw WeftException.Invalid($"The catalog could not be read: {JsonProblem.Describe(ex)}");
        }
    }
}
