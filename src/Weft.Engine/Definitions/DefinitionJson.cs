using System.Text.Json;
using System.Text.Json.Serialization;

namespace Weft.Engine.Definitions;

/// <summary>The JSON settings of the definition format: camelCase, unknown fields refused so typos surface.</summary>
public static class DefinitionJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict, // "retryCount": "5" is not a number
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };
}
