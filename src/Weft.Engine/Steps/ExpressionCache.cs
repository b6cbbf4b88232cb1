using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Weft.Engine.Expressions;

namespace Weft.Engine.Steps;

/// <summary>
/// Expressions and templates parsed once and reused: definitions never change, so the same text always parses the
/// same. The cache is bounded; past its size it starts again, so that many uploads cannot grow it without end.
/// </summary>
internal static class ExpressionCache
{
    private const int MaxEntries = 10_000;
    private static readonly ConcurrentDictionary<string, Expression> Expressions = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Template> Templates = new(StringComparer.Ordinal);

    /// <summary>The parsed expression; the definition was validated, so it parses.</summary>
    public static Expression Get(string text) => GetOrAdd(Expressions, text, Expression.Parse);

    /// <summary>A transformation value: a string is a template (<c>"${price * quantity}"</c>, or plain text); any other JSON is itself.</summary>
    public static JsonNode? Render(JsonNode? value, JsonObject variables) =>
        value is JsonValue text && text.TryGetValue<string>(out var s)
            ? GetOrAdd(Templates, s, Template.Parse).Evaluate(variables)
            : value?.DeepClone();

    private static T GetOrAdd<T>(ConcurrentDictionary<string, T> cache, string key, Func<string, T> parse)
    {
        if (cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        if (cache.Count >= MaxEntries)
        {
            cache.Clear();
        }

        return cache.GetOrAdd(key, parse);
    }
}
