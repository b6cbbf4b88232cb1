using System.Text.Json;

namespace Weft.Fuzz.Tests.Support;

/// <summary>Reads fields of a JSON answer; null when the answer is not JSON or lacks the field.</summary>
public static class AnswerJson
{
    public static JsonElement? Parse(FuzzAnswer answer)
    {
        try
        {
            using var document = JsonDocument.Parse(answer.Body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? Text(FuzzAnswer answer, string field) =>
        Parse(answer) is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static int? Number(FuzzAnswer answer, string field) =>
        Parse(answer) is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty(field, out var value) && value.TryGetInt32(out var number)
            ? number
            : null;
}
