using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Weft.Worker.Client;

namespace Weft.Worker.Tasks;

/// <summary>
/// How task inputs and outputs are read and written: System.Text.Json over the task's own types, strictly (a number in
/// a string is not a number, null is not a value of a non-nullable property), enums by name, properties camelCase.
/// </summary>
internal static class TaskJson
{
    public static readonly JsonSerializerOptions Options = CreateOptions();

    /// <summary>The catalog type of <paramref name="type"/>: what a variable of it looks like in JSON.</summary>
    public static string CatalogTypeOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) || type == typeof(char) || type == typeof(Guid) || type == typeof(TimeSpan) || type == typeof(Uri)
            || type == typeof(DateOnly) || type == typeof(TimeOnly) || type.IsEnum)
        {
            return CatalogType.String;
        }

        if (IsInteger(type))
        {
            return CatalogType.Integer;
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal) || type == typeof(Half))
        {
            return CatalogType.Number;
        }

        if (type == typeof(bool))
        {
            return CatalogType.Boolean;
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return CatalogType.DateTime;
        }

        if (type == typeof(JsonObject))
        {
            return CatalogType.Object;
        }

        if (type == typeof(JsonArray))
        {
            return CatalogType.Array;
        }

        if (type == typeof(object) || typeof(JsonNode).IsAssignableFrom(type) || type == typeof(JsonElement) || type == typeof(JsonDocument))
        {
            return CatalogType.Any;
        }

        return Options.GetTypeInfo(type).Kind switch
        {
            JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => CatalogType.Object,
            JsonTypeInfoKind.Enumerable => CatalogType.Array,
            _ => CatalogType.Any,
        };
    }

    /// <summary>What a value of <paramref name="type"/> is, for messages: "an integer (Int32)", "one of 'Cm', 'In' (Unit)".</summary>
    public static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var name = FriendlyName(type);
        if (type.IsEnum)
        {
            return $"one of {string.Join(", ", Enum.GetNames(type).Select(n => $"'{n}'"))} ({name})";
        }

        if (type == typeof(Guid))
        {
            return "a GUID as a string (Guid)";
        }

        return CatalogTypeOf(type) switch
        {
            CatalogType.String when type == typeof(string) => "a string",
            CatalogType.String => $"a string ({name})",
            CatalogType.Integer => $"an integer ({name})",
            CatalogType.Number => $"a number ({name})",
            CatalogType.Boolean => "a boolean",
            CatalogType.DateTime => $"an ISO-8601 date and time ({name})",
            CatalogType.Object when type == typeof(JsonObject) => "an object",
            CatalogType.Object => $"an object ({name})",
            CatalogType.Array when type == typeof(JsonArray) => "an array",
            CatalogType.Array => $"an array ({name})",
            _ => "any JSON value",
        };
    }

    /// <summary>A value as received, for messages: <c>a string: "abc"</c>, <c>a number: 2.5</c>.</summary>
    public static string DescribeValue(JsonNode? node)
    {
        if (node is null)
        {
            return "null";
        }

        var json = node.ToJsonString();
        var shown = json.Length <= 80 ? json : json[..77] + "...";
        var kind = node.GetValueKind() switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "null",
        };
        return $"{kind}: {shown}";
    }

    /// <summary><c>List&lt;String&gt;</c> rather than <c>List`1</c>.</summary>
    public static string FriendlyName(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return FriendlyName(underlying) + "?";
        }

        if (type.IsArray)
        {
            return FriendlyName(type.GetElementType()!) + "[]";
        }

        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
        return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(FriendlyName))}>";
    }

    private static bool IsInteger(Type type) =>
        type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)
        || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort) || type == typeof(sbyte)
        || type == typeof(Int128) || type == typeof(UInt128);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            PropertyNameCaseInsensitive = true,
            NumberHandling = JsonNumberHandling.Strict,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        // Enums travel by name: the catalog lists the names as the allowed values; a number is refused.
        options.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
        options.MakeReadOnly();
        return options;
    }
}
