using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Weft.Engine.Expressions;

/// <summary>
/// The values expressions compute with: null, <see cref="bool"/>, <see cref="long"/> (int), <see cref="double"/>
/// (float), <see cref="string"/>, a list (<see cref="IReadOnlyList{T}"/> of values) and an object
/// (<see cref="IReadOnlyDictionary{TKey, TValue}"/> of values, in key order). Lists and objects of the variables are
/// read through views; lists and objects an expression builds are arrays and ordered dictionaries, never changed
/// once built.
/// </summary>
internal static class Values
{
    private static readonly JsonSerializerOptions RenderOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static object? FromJson(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => new JsonObjectView(obj),
        JsonArray array => new JsonArrayView(array),
        _ => FromJsonValue(node.AsValue()),
    };

    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        string s => JsonValue.Create(s),
        JsonObjectView view => view.Object.DeepClone(),
        JsonArrayView view => view.Array.DeepClone(),
        IReadOnlyList<object?> list => new JsonArray([.. list.Select(ToJson)]),
        IReadOnlyDictionary<string, object?> obj => new JsonObject(obj.Select(pair => KeyValuePair.Create(pair.Key, ToJson(pair.Value)))),
        _ => throw new InvalidOperationException($"An expression computed a value of an unknown kind: {value.GetType()}."),
    };

    /// <summary>The value as text: a string as itself, anything else as its compact JSON text.</summary>
    public static string Render(object? value) => value switch
    {
        string s => s,
        null => "null",
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        _ => ToJson(value)!.ToJsonString(RenderOptions),
    };

    public static string TypeName(object? value) => value switch
    {
        null => "null",
        bool => "a boolean",
        long or double => "a number",
        string => "a string",
        IReadOnlyList<object?> => "a list",
        IReadOnlyDictionary<string, object?> => "an object",
        _ => "a value",
    };

    public static bool IsNumber(object? value) => value is long or double;

    public static double ToDouble(object value) => value is long l ? l : (double)value;

    /// <summary>Two values are equal when they have the same JSON value: numbers by value (1 == 1.0), lists and objects deeply.</summary>
    public static bool Equal(object? a, object? b) => (a, b) switch
    {
        (null, _) => b is null,
        (bool x, bool y) => x == y,
        (long or double, long or double) => CompareNumbers(a, b) == 0,
        (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
        (IReadOnlyList<object?> x, IReadOnlyList<object?> y) => ListsEqual(x, y),
        (IReadOnlyDictionary<string, object?> x, IReadOnlyDictionary<string, object?> y) => ObjectsEqual(x, y),
        _ => false,
    };

    /// <summary>Compares two numbers exactly, also an int with a float beyond 2^53 where a plain conversion would round.</summary>
    public static int CompareNumbers(object a, object b) => (a, b) switch
    {
        (long x, long y) => x.CompareTo(y),
        (double x, double y) => x.CompareTo(y),
        (long x, double y) => CompareMixed(x, y),
        (double x, long y) => -CompareMixed(y, x),
        _ => throw new InvalidOperationException("CompareNumbers needs two numbers."),
    };

    /// <summary>Length in Unicode characters: a character outside the Basic Multilingual Plane (an emoji) counts once.</summary>
    public static int TextLength(string text)
    {
        var length = text.Length;
        for (var i = 0; i + 1 < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]))
            {
                length--;
                i++;
            }
        }

        return length;
    }

    private static bool ListsEqual(IReadOnlyList<object?> x, IReadOnlyList<object?> y)
    {
        if (x.Count != y.Count)
        {
            return false;
        }

        for (var i = 0; i < x.Count; i++)
        {
            if (!Equal(x[i], y[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ObjectsEqual(IReadOnlyDictionary<string, object?> x, IReadOnlyDictionary<string, object?> y)
    {
        if (x.Count != y.Count)
        {
            return false;
        }

        foreach (var (key, value) in x)
        {
            if (!y.TryGetValue(key, out var other) || !Equal(value, other))
            {
                return false;
            }
        }

        return true;
    }

    private static int CompareMixed(long x, double y)
    {
        const double TwoTo63 = 9223372036854775808.0;
        if (y >= TwoTo63)
        {
            return -1;
        }

        if (y < -TwoTo63)
        {
            return 1;
        }

        var whole = Math.Truncate(y); // exact, and within the range of long
        var truncated = (long)whole;
        return x != truncated ? x.CompareTo(truncated) : 0.0.CompareTo(y - whole);
    }

    private static object? FromJsonValue(JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.String:
                if (value.TryGetValue<string>(out var text))
                {
                    return text;
                }

                using (var document = JsonDocument.Parse(value.ToJsonString()))
                {
                    return document.RootElement.GetString();
                }

            case JsonValueKind.Number:
                return Number(value);
            default:
                return null;
        }
    }

    private static object Number(JsonValue value)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            return element.TryGetInt64(out var whole) ? whole : (object)element.GetDouble(); // (object): a long must stay a long
        }

        if (value.TryGetValue<long>(out var l))
        {
            return l;
        }

        if (value.TryGetValue<int>(out var i))
        {
            return (long)i;
        }

        if (value.TryGetValue<double>(out var d))
        {
            return d;
        }

        var json = value.ToJsonString();
        return long.TryParse(json, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : (object)double.Parse(json, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
