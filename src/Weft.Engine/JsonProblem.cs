using System.Text.Json;
using System.Text.RegularExpressions;

namespace Weft.Engine;

/// <summary>Says what is wrong with a JSON document in terms of its fields, not of .NET types.</summary>
public static partial class JsonProblem
{
    /// <summary>Turns System.Text.Json's message into one that names the field and the expected kind of value.</summary>
    public static string Describe(JsonException ex)
    {
        var path = ex.Path is null or "$" ? "the document" : ex.Path.TrimStart('$', '.');
        var unmapped = UnmappedProperty().Match(ex.Message);
        if (unmapped.Success)
        {
            // The path ends with the unknown field itself; name the object that holds it.
            var field = unmapped.Groups[1].Value;
            var holder = path.EndsWith($".{field}", StringComparison.Ordinal) ? path[..^(field.Length + 1)]
                : path == field ? "the document" : path;
            return $"unknown field '{field}' at {holder}. Check its spelling.";
        }

        var converted = ConvertTarget().Match(ex.Message);
        if (converted.Success)
        {
            return $"{path} has the wrong type: expected {Expected(converted.Groups[1].Value)}.";
        }

        var position = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : "";
        return $"it is not valid JSON{position}: {ex.Message.Split(" Path:")[0]}";
    }

    private static string Expected(string clrType) => clrType switch
    {
        _ when clrType.Contains("JsonNode", StringComparison.Ordinal) => "an object", // e.g. transformations: values of any kind
        _ when clrType.Contains("Int32", StringComparison.Ordinal) || clrType.Contains("Int64", StringComparison.Ordinal) => "a whole number",
        _ when clrType.Contains("Double", StringComparison.Ordinal) => "a number",
        _ when clrType.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        _ when clrType.Contains("String", StringComparison.Ordinal) && clrType.Contains("Dictionary", StringComparison.Ordinal) => "an object of strings",
        _ when clrType.Contains("String", StringComparison.Ordinal) && clrType.Contains("List", StringComparison.Ordinal) => "a list of strings",
        _ when clrType.EndsWith("String", StringComparison.Ordinal) => "a string",
        _ when clrType.Contains("List", StringComparison.Ordinal) => "a list",
        _ => "an object",
    };

    [GeneratedRegex("The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex("could not be converted to ([^.\\s]+(?:\\.[^.\\s]+)*)")]
    private static partial Regex ConvertTarget();
}
