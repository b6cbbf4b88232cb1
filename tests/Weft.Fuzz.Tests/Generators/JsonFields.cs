namespace Weft.Fuzz.Tests.Generators;

/// <summary>A JSON object as the fuzz writes it: fields in order, and a key may repeat (<c>{"a":1,"a":2}</c>).</summary>
public sealed class JsonFields : List<KeyValuePair<string, object?>>
{
    public void Add(string key, object? value) => Add(new KeyValuePair<string, object?>(key, value));

    /// <summary>Replaces the first field of that name, or adds it.</summary>
    public void Set(string key, object? value)
    {
        var index = FindIndex(f => f.Key == key);
        if (index < 0)
        {
            Add(key, value);
        }
        else
        {
            this[index] = new KeyValuePair<string, object?>(key, value);
        }
    }

    public object? Get(string key) => Find(f => f.Key == key).Value;

    public void Remove(string key) => RemoveAll(f => f.Key == key);
}
