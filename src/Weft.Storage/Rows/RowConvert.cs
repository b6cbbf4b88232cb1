using System.Text.Json.Nodes;

namespace Weft.Storage.Rows;

/// <summary>How domain values are written to columns: times as Unix milliseconds, enums as upper-case text, JSON as text.</summary>
internal static class RowConvert
{
    public static long ToMillis(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static long? ToMillis(DateTimeOffset? value) => value?.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMillis(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    public static DateTimeOffset? FromMillis(long? value) => value is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;

    public static string ToText<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString().ToUpperInvariant();

    public static TEnum ToEnum<TEnum>(string text) where TEnum : struct, Enum => Enum.Parse<TEnum>(text, ignoreCase: true);

    public static string? ToJson(JsonObject? value) => value?.ToJsonString();

    public static JsonObject? ToObject(string? json) => json is null ? null : JsonNode.Parse(json)!.AsObject();

    public static string ToJson(IReadOnlyList<string> values) => System.Text.Json.JsonSerializer.Serialize(values, StoredJson.Default.IReadOnlyListString);

    public static IReadOnlyList<string> ToList(string json) => System.Text.Json.JsonSerializer.Deserialize(json, StoredJson.Default.IReadOnlyListString) ?? [];
}
