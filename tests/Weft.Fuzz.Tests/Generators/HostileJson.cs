using Weft.Fuzz.Tests.Support;

namespace Weft.Fuzz.Tests.Generators;

/// <summary>JSON values for fields that take any JSON (variables, metadata): each one hostile in one named way.</summary>
public static class HostileJson
{
    /// <summary>How many kinds of value <see cref="Of"/> makes.</summary>
    public const int Kinds = 20;

    /// <summary>A value and what is hostile about it.</summary>
    public static (object? Value, string Label) Value(FuzzRandom random) => Of(random.Between(0, Kinds - 1), random);

    /// <summary>A value of one kind (0 to <see cref="Kinds"/> − 1), and what is hostile about it.</summary>
    public static (object? Value, string Label) Of(int kind, FuzzRandom random) => kind switch
    {
        0 => ("plain text", "a plain string"),
        1 => (42, "a plain number"),
        2 or 3 => Text(random),
        4 => ("\ud800", "lone surrogate \\ud800 in a value"),
        5 => ("\udc00", "lone surrogate \\udc00 in a value"),
        6 => ("a\u0000b", "NUL \\u0000 in a value"),
        7 => HugeString(random),
        8 or 9 => Number(random),
        10 => Deep(random),
        11 => Wide(random),
        12 => (new JsonFields { { "a", 1 }, { "a", 2 } }, "duplicate keys {\"a\":1,\"a\":2}"),
        13 => (new JsonFields { { "a", 1 }, { "a", "x" }, { "a", new JsonFields() } }, "duplicate keys of different types"),
        14 => (new JsonFields { { "", 1 } }, "empty key"),
        15 => OddKey(random),
        16 => (new List<object?> { null, true, false, new List<object?>(), new JsonFields() }, "nulls, booleans, empty containers"),
        17 => (new JsonFields { { "nested", new JsonFields { { "x", new JsonFields { { "x", "\ud800" } } } } } }, "lone surrogate deep inside"),
        18 => (new RawJson("\"\\ud800\\udc00\\ud800\""), "surrogate pair then a lone surrogate"),
        _ => (null, "null"),
    };

    /// <summary>A variables object with one hostile value (or hostile keys), and what is hostile about it.</summary>
    public static (JsonFields Value, string Label) Object(FuzzRandom random) => Object(random.Between(0, Kinds - 1), random);

    /// <summary>A variables object whose hostile part is of one kind (see <see cref="Of"/>).</summary>
    public static (JsonFields Value, string Label) Object(int kind, FuzzRandom random)
    {
        var (value, label) = Of(kind, random);
        if (value is JsonFields fields && random.Chance(0.5))
        {
            return (fields, $"object with {label}");
        }

        var result = new JsonFields { { "orderId", 42 }, { random.Pick("v", "data", "payload"), value } };
        return (result, label);
    }

    private static (object? Value, string Label) Text(FuzzRandom random)
    {
        var (text, label) = HostileStrings.Any(random);
        return (text, $"string: {label}");
    }

    private static (object? Value, string Label) Number(FuzzRandom random)
    {
        var number = random.PickFrom(HostileNumbers.Any);
        return (new RawJson(number), $"number {Label(number)}");
    }

    private static (object? Value, string Label) OddKey(FuzzRandom random)
    {
        var key = random.Pick("\u0000", "\ud800", "a\u0000b");
        return (new JsonFields { { key, 1 } }, key.Contains('\0', StringComparison.Ordinal) ? "key with NUL" : "key with a lone surrogate");
    }

    private static (object? Value, string Label) HugeString(FuzzRandom random)
    {
        var (bytes, label) = random.Between(0, 9) switch
        {
            < 5 => (64 * 1024, "64 KiB"),
            < 8 => ((1024 * 1024) + 100, "1 MiB + 100 B (over the variables limit)"),
            _ => (4 * 1024 * 1024 + 100, "4 MiB + 100 B (over the body limit)"),
        };
        return (new string('x', bytes), $"huge string {label}");
    }

    private static (object? Value, string Label) Deep(FuzzRandom random)
    {
        var levels = random.Pick(20, 63, 64, 65, 200, 5_000);
        var array = random.Chance(0.5);
        var text = array
            ? new string('[', levels) + new string(']', levels)
            : string.Concat(Enumerable.Repeat("{\"a\":", levels)) + "1" + new string('}', levels);
        return (new RawJson(text), $"{(array ? "array" : "object")} nested {levels} levels deep");
    }

    private static (object? Value, string Label) Wide(FuzzRandom random)
    {
        var count = random.Pick(1_000, 20_000);
        if (random.Chance(0.5))
        {
            var fields = new JsonFields();
            for (var i = 0; i < count; i++)
            {
                fields.Add($"k{i}", i);
            }

            return (fields, $"object with {count:N0} keys");
        }

        return (Enumerable.Range(0, count * 5).Cast<object?>().ToList(), $"list of {count * 5:N0} numbers");
    }

    private static string Label(string number) => number.Length > 24 ? $"{number[..12]}…({number.Length} digits)" : number;
}
