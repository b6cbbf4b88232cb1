using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Weft.Engine.Variables;

/// <summary>Rules for an instance's variables: a JSON object, merged key by key, within a size limit.</summary>
public static class VariableDocument
{
    /// <summary>A new object holding <paramref name="current"/> with every top-level key of <paramref name="output"/> replacing its own.</summary>
    public static JsonObject Merge(JsonObject current, JsonObject? output)
    {
        var merged = (JsonObject)current.DeepClone();
        if (output is null)
        {
            return merged;
        }

        foreach (var (key, value) in output)
        {
            merged[key] = value?.DeepClone();
        }

        return merged;
    }

    /// <summary>The size of the variables as UTF-8 JSON.</summary>
    public static int SizeOf(JsonObject variables) => Encoding.UTF8.GetByteCount(variables.ToJsonString());

    public static void EnsureWithinLimit(JsonObject variables, int maxBytes, string what)
    {
        var size = SizeOf(variables);
        if (size > maxBytes)
        {
            throw WeftException.TooLarge(
                $"{what} are {size:N0} bytes as JSON; the limit is {maxBytes:N0}. Keep large data outside Weft and pass a reference (an id or URL) instead.");
        }
    }

    public static string Hash(JsonObject? variables)
    {
        var bytes = Encoding.UTF8.GetBytes(variables?.ToJsonString() ?? "{}");
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
