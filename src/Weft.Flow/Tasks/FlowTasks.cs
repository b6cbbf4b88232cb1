namespace Weft.Flow;

/// <summary>
/// The task trees of an engine, stored under keys (default <see cref="DefaultKey"/>), like the original's
/// <c>engine.callbacks</c>.
/// </summary>
public sealed class FlowTasks<TToken>
{
    /// <summary>The key of the default task tree.</summary>
    public const string DefaultKey = "*";

    private readonly Dictionary<string, FlowList<TToken>> _trees = new(StringComparer.Ordinal);

    /// <summary>True when no tree is stored.</summary>
    public bool IsEmpty => _trees.Count == 0;

    /// <summary>The keys of the stored trees.</summary>
    public IReadOnlyCollection<string> Keys => _trees.Keys;

    /// <summary>Replaces the tree under <paramref name="key"/> with a copy of <paramref name="tasks"/>.</summary>
    public void Replace(FlowList<TToken> tasks, string key = DefaultKey)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(key);
        _trees[key] = new FlowList<TToken>(key, tasks);
    }

    /// <summary>Appends a node (a task, a nested list, or a spliced sequence) to the tree under <paramref name="key"/>.</summary>
    public void Add(FlowNode<TToken> node, string key = DefaultKey)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_trees.TryGetValue(key, out var tree))
        {
            tree = new FlowList<TToken>(key);
            _trees[key] = tree;
        }

        tree.Add(node);
    }

    /// <summary>Appends a synchronous task to the tree under <paramref name="key"/>.</summary>
    public void Add(FlowAction<TToken> action, string key = DefaultKey) => Add(new FlowTask<TToken>(action), key);

    /// <summary>Appends an asynchronous task to the tree under <paramref name="key"/>.</summary>
    public void Add(FlowAsyncAction<TToken> action, string key = DefaultKey) => Add(new FlowTask<TToken>(action), key);

    /// <summary>The tree under <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">No tree is stored under the key.</exception>
    public FlowList<TToken> Get(string key = DefaultKey)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _trees.TryGetValue(key, out var tree)
            ? tree
            : throw new KeyNotFoundException($"No task tree is stored under the key '{key}'. Did you call Tasks.Replace or Tasks.Add?");
    }

    /// <summary>True when a tree is stored under <paramref name="key"/>.</summary>
    public bool Contains(string key = DefaultKey) => _trees.ContainsKey(key);

    /// <summary>Removes the tree under <paramref name="key"/>, if any.</summary>
    public void Clear(string key = DefaultKey) => _trees.Remove(key);

    /// <summary>Removes every tree.</summary>
    public void ClearAll() => _trees.Clear();
}
