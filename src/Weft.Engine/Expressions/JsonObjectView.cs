using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace Weft.Engine.Expressions;

/// <summary>An object of the variables, read in place: its members are converted as they are read, never copied.</summary>
internal sealed class JsonObjectView(JsonObject obj) : IReadOnlyDictionary<string, object?>
{
    public JsonObject Object => obj;

    public int Count => obj.Count;

    public IEnumerable<string> Keys => obj.Select(pair => pair.Key);

    IEnumerable<object?> IReadOnlyDictionary<string, object?>.Values => obj.Select(pair => Values.FromJson(pair.Value));

    public object? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public bool ContainsKey(string key) => obj.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        if (obj.TryGetPropertyValue(key, out var node))
        {
            value = Values.FromJson(node);
            return true;
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        foreach (var (key, node) in obj)
        {
            yield return new KeyValuePair<string, object?>(key, Values.FromJson(node));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
