namespace Weft.Engine.Advancing;

/// <summary>Rows of one kind held by an <see cref="InstanceState"/>, remembering which were added and which changed.</summary>
internal sealed class Tracked<T>(Func<T, string> idOf)
    where T : class
{
    private readonly Dictionary<string, T> _items = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly HashSet<string> _inserted = new(StringComparer.Ordinal);
    private readonly HashSet<string> _updated = new(StringComparer.Ordinal);

    public IEnumerable<T> Items => _order.Select(id => _items[id]);

    public void Load(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            _items[idOf(item)] = item;
            _order.Add(idOf(item));
        }
    }

    public T? Find(string id) => _items.GetValueOrDefault(id);

    /// <summary>Adds a new row, or replaces a known one with its new state.</summary>
    public void Put(T item)
    {
        var id = idOf(item);
        if (!_items.ContainsKey(id))
        {
            _order.Add(id);
            _inserted.Add(id);
        }
        else if (!_inserted.Contains(id))
        {
            _updated.Add(id);
        }

        _items[id] = item;
    }

    public IEnumerable<T> Inserted => _order.Where(_inserted.Contains).Select(id => _items[id]);

    public IEnumerable<T> Updated => _order.Where(_updated.Contains).Select(id => _items[id]);

    public void ClearChanges()
    {
        _inserted.Clear();
        _updated.Clear();
    }
}
