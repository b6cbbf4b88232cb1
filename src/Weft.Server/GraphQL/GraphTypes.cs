using System.Text.Json.Nodes;

namespace Weft.Server.GraphQL;

/// <summary>How the schema writes engine values: enums as their UPPER_CASE names (as REST does), JSON documents as JSON text.</summary>
internal static class GraphTypes
{
    public static string Upper<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString().ToUpperInvariant();

    public static string? Json(JsonNode? value) => value?.ToJsonString();
}
