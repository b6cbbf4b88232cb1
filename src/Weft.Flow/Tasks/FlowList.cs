using System.Collections;

namespace Weft.Flow;

/// <summary>
/// A list of tasks and nested lists, run in order. Nested lists stay nested: <c>BreakCurrentLoop()</c> leaves the
/// innermost list and <c>JumpCall(n)</c> moves within it. Adding a <see cref="FlowSequence{TToken}"/> splices its
/// items in (the original library's tuples); adding <see langword="null"/> is ignored.
/// </summary>
public sealed class FlowList<TToken> : FlowNode<TToken>, IReadOnlyList<FlowNode<TToken>>
{
    /// <summary>An empty list named "list".</summary>
    public FlowList()
        : this("list")
    {
    }

    /// <summary>An empty list with a name.</summary>
    public FlowList(string name)
        : base(name, [], null, null)
    {
    }

    // A list built by a pattern (If, For, ...): used as another pattern's body it stays one item, never spliced.
    internal FlowList(string name, bool isPattern)
        : this(name)
    {
        IsPattern = isPattern;
    }

    /// <summary>A list with the given items.</summary>
    public FlowList(string name, IEnumerable<FlowNode<TToken>?> items)
        : this(name)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            Add(item);
        }
    }

    internal bool IsPattern { get; }

    /// <inheritdoc />
    public int Count => Children!.Count;

    /// <inheritdoc />
    public FlowNode<TToken> this[int index] => Children![index];

    /// <summary>Appends a node; a <see cref="FlowSequence{TToken}"/> is spliced in, <see langword="null"/> is ignored.</summary>
    public void Add(FlowNode<TToken>? node)
    {
        if (node is FlowSequence<TToken> sequence)
        {
            foreach (var item in sequence)
            {
                Add(item);
            }
        }
        else if (node is not null)
        {
            Children!.Add(node);
        }
    }

    /// <summary>Appends a synchronous task.</summary>
    public void Add(FlowAction<TToken> action) => Add(new FlowTask<TToken>(action));

    /// <summary>Appends an asynchronous task.</summary>
    public void Add(FlowAsyncAction<TToken> action) => Add(new FlowTask<TToken>(action));

    /// <summary>Appends a <see cref="Task"/>-returning task.</summary>
    public void Add(Func<TToken, FlowEngine<TToken>, Task> action) => Add(FlowTask<TToken>.FromTask(action));

    /// <inheritdoc />
    public IEnumerator<FlowNode<TToken>> GetEnumerator() => Children!.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
