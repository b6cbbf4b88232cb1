using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Weft.Server.Tests.Api;

/// <summary>Reads an OpenAPI 3.1 document: finds operations, follows <c>$ref</c> and <c>oneOf</c>, and checks field types.</summary>
public sealed partial class OpenApiSchema(JsonObject document)
{
    /// <summary>The operation for a method and a path whose parameter names may differ (<c>{id}</c> matches <c>{instanceId}</c>).</summary>
    public JsonObject? Operation(string method, string path)
    {
        var paths = document["paths"]!.AsObject();
        var item = paths.FirstOrDefault(entry => Template(entry.Key) == Template(path)).Value;
        return item?[method.ToLowerInvariant()] as JsonObject;
    }

    /// <summary>The node at <paramref name="fieldPath"/> (<c>a.b</c>, <c>steps[].id</c>; empty = <paramref name="schema"/> itself).</summary>
    public JsonNode? Field(JsonNode schema, string fieldPath)
    {
        var node = schema;
        foreach (var segment in fieldPath.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment.TrimEnd('[', ']');
            node = Alternatives(node).Select(alt => alt["properties"]?[name]).FirstOrDefault(found => found is not null);
            if (node is not null && segment.EndsWith("[]", StringComparison.Ordinal))
            {
                node = Alternatives(node).Select(alt => alt["items"]).FirstOrDefault(found => found is not null);
            }

            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>Null when <paramref name="schema"/> can carry a value of the reference type; otherwise why not.</summary>
    public string? Incompatibility(JsonNode schema, string referenceType)
    {
        var alternatives = Alternatives(schema).ToList();
        var types = alternatives.SelectMany(TypesOf).ToHashSet(StringComparer.Ordinal);
        var described = $"{{{string.Join(", ", types.Order(StringComparer.Ordinal))}}}";
        if (referenceType.StartsWith("array of ", StringComparison.Ordinal))
        {
            var items = alternatives.Select(alt => alt["items"]).FirstOrDefault(found => found is not null);
            return !types.Contains("array") ? $"is {described}, not an array"
                : items is null ? "is an array without items"
                : Incompatibility(items, referenceType["array of ".Length..]) is { } inner ? $"has items that do not fit: {inner}"
                : null;
        }

        if (referenceType.StartsWith("one of ", StringComparison.Ordinal))
        {
            // A plain string takes every value; an enum must list each of the reference's values.
            var values = alternatives.Select(alt => alt["enum"]).OfType<JsonArray>().SelectMany(list => list)
                .Select(value => value!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            var missing = referenceType["one of ".Length..].Split('|').Where(value => values.Count > 0 && !values.Contains(value)).ToList();
            return !types.Contains("string") ? $"is {described}, not a string"
                : missing.Count > 0 ? $"lacks the values {string.Join(", ", missing)}"
                : null;
        }

        return referenceType switch
        {
            "date-time" when !types.Contains("string") || alternatives.All(alt => (string?)alt["format"] != "date-time") =>
                $"is {described} without format date-time",
            "date-time" => null,
            "number" when !types.Contains("number") && !types.Contains("integer") => $"is {described}, not a number",
            "number" => null,
            _ when !types.Contains(referenceType) => $"is {described}, not {referenceType}",
            _ => null,
        };
    }

    /// <summary>The schemas a value may match: <c>$ref</c> followed, <c>oneOf</c>/<c>anyOf</c> flattened, the null alternative left out.</summary>
    public IEnumerable<JsonObject> Alternatives(JsonNode? schema)
    {
        if (schema is not JsonObject obj)
        {
            yield break;
        }

        if (obj["$ref"] is JsonValue reference)
        {
            var name = reference.GetValue<string>()["#/components/schemas/".Length..];
            foreach (var alt in Alternatives(document["components"]!["schemas"]![name]))
            {
                yield return alt;
            }

            yield break;
        }

        if ((obj["oneOf"] ?? obj["anyOf"]) is JsonArray choices)
        {
            foreach (var alt in choices.SelectMany(Alternatives))
            {
                yield return alt;
            }

            yield break;
        }

        if (TypesOf(obj).Any())
        {
            yield return obj;
        }
    }

    private static IEnumerable<string> TypesOf(JsonObject schema)
    {
        var declared = schema["type"] switch
        {
            JsonArray many => many.Select(type => type!.GetValue<string>()),
            JsonValue one => [one.GetValue<string>()],
            _ when schema.ContainsKey("enum") => ["string"],
            _ when schema.ContainsKey("properties") => ["object"],
            _ => [],
        };
        return declared.Where(type => type != "null");
    }

    private static string Template(string path) => ParameterPattern().Replace(path, "{}");

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex ParameterPattern();
}
