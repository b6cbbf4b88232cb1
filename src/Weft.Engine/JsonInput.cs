using System.Text.Json;
using System.Text.Unicode;

namespace Weft.Engine;

/// <summary>
/// The rules every JSON document sent to Weft keeps, checked in one pass over its bytes before anything reads it:
/// valid JSON at most <see cref="MaxDepth"/> levels deep, no key twice in one object, text that is valid Unicode
/// (no lone UTF-16 surrogates, no invalid UTF-8), and numbers that a 64-bit float can hold. A document that breaks
/// one is refused with a message that names the place; what passes can be stored, read back and merged safely.
/// </summary>
public static class JsonInput
{
    /// <summary>The same nesting limit System.Text.Json applies by default.</summary>
    public const int MaxDepth = 64;

    /// <summary>Longest number literal taken: 100 characters hold any double written in full.</summary>
    public const int MaxNumberLength = 100;

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        MaxDepth = MaxDepth,
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Throws a 400 <see cref="WeftException"/> starting with "<paramref name="what"/> could not be read: …" when a rule is broken.</summary>
    public static void Check(ReadOnlySpan<byte> utf8, string what)
    {
        if (Problem(utf8) is { } problem)
        {
            throw WeftException.Invalid($"{what} could not be read: {problem}");
        }
    }

    /// <inheritdoc cref="Check(ReadOnlySpan{byte}, string)"/>
    public static void Check(string json, string what)
    {
        if (!IsValidUnicode(json))
        {
            throw WeftException.Invalid($"{what} could not be read: {InvalidText}.");
        }

        Check(System.Text.Encoding.UTF8.GetBytes(json), what);
    }

    /// <summary>Null when the document keeps every rule; otherwise what is wrong and where.</summary>
    public static string? Problem(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        var path = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        NextElement(path);
                        path.Add(new Frame(reader.TokenType == JsonTokenType.StartObject));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        var frame = path[^1];
                        if (ReadText(ref reader) is not { } name)
                        {
                            return $"a key in {Describe(path, ownKey: false)} is not valid Unicode text: {InvalidText}.";
                        }

                        if (!(frame.Keys ??= new HashSet<string>(StringComparer.Ordinal)).Add(name))
                        {
                            return $"the key '{Shorten(name)}' appears twice in {Describe(path, ownKey: false)}; send each key once.";
                        }

                        frame.Name = name;
                        break;
                    case JsonTokenType.String:
                        NextElement(path);
                        if (ReadText(ref reader) is null)
                        {
                            return $"the text at {Describe(path)} is not valid Unicode: {InvalidText}.";
                        }

                        break;
                    case JsonTokenType.Number:
                        NextElement(path);
                        if (reader.ValueSpan.Length > MaxNumberLength || !reader.TryGetDouble(out var number) || !double.IsFinite(number))
                        {
                            return $"the number at {Describe(path)} is too large; numbers must fit a 64-bit floating-point value (at most about 1.8e308, written in at most {MaxNumberLength} characters).";
                        }

                        break;
                    default:
                        NextElement(path);
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            return JsonProblem.Describe(ex);
        }

        return null;
    }

    /// <summary>True when <paramref name="text"/> holds no lone UTF-16 surrogate, so it can be written as UTF-8.</summary>
    public static bool IsValidUnicode(string text)
    {
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            if (System.Text.Rune.DecodeFromUtf16(rest, out _, out var used) != System.Buffers.OperationStatus.Done)
            {
                return false;
            }

            rest = rest[used..];
        }

        return true;
    }

    private const string InvalidText = "it holds a lone UTF-16 surrogate (such as \\udc00) or bytes that are not UTF-8. Send text as UTF-8, with surrogates only in pairs";

    /// <summary>The string value, or null when it is not valid Unicode.</summary>
    private static string? ReadText(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            // Unescaped text is the bytes themselves; only property names need the string.
            if (!Utf8.IsValid(reader.ValueSpan))
            {
                return null;
            }

            return reader.TokenType == JsonTokenType.PropertyName ? reader.GetString() : "";
        }

        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null; // an escaped lone surrogate, e.g. "\udc00"
        }
    }

    /// <summary>Counts the element about to be read when it sits in an array, so that paths name its index.</summary>
    private static void NextElement(List<Frame> path)
    {
        if (path.Count > 0 && !path[^1].IsObject)
        {
            path[^1].Index++;
        }
    }

    /// <summary>
    /// A path in the form the other messages use: <c>variables.items[2].name</c>, or "the document". Without
    /// <paramref name="ownKey"/>, the path of the innermost object itself, not of its key being read.
    /// </summary>
    private static string Describe(List<Frame> path, bool ownKey = true)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < path.Count; i++)
        {
            var frame = path[i];
            if (frame.IsObject)
            {
                if (frame.Name is { } name && (ownKey || i < path.Count - 1))
                {
                    text.Append(text.Length == 0 ? "" : ".").Append(Shorten(name));
                }
            }
            else if (frame.Index >= 0)
            {
                text.Append('[').Append(frame.Index).Append(']');
            }
        }

        return text.Length == 0 ? "the document" : text.ToString();
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : $"{text[..61]}...";

    private sealed class Frame(bool isObject)
    {
        public bool IsObject { get; } = isObject;

        public HashSet<string>? Keys { get; set; }

        /// <summary>The key being read, in an object.</summary>
        public string? Name { get; set; }

        /// <summary>The index being read, in an array (-1 before the first element).</summary>
        public int Index { get; set; } = -1;
    }
}
