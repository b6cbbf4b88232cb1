using System.Collections;
using System.Text.Json.Nodes;

namespace Weft.Engine.Expressions;

/// <summary>A list of the variables, read in place: its elements are converted as they are read, never copied.</summary>
internal sealed class JsonArrayView(JsonArray array) : IReadOnlyList<object?>
{
    public JsonArray Array => array;

    public int Count => array.Count;

    public object? this[int index] => Values.FromJson(array[index]);

    public IEnumerator<object?> GetEnumerator()
    {
        foreach (var node in array)
        {
            yield return Values.FromJson(node);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
