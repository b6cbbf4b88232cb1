using System.Collections;

namespace Weft.Flow;

/// <summary>
/// A group of items that is spliced into the list it is added to, like a tuple in the original library:
/// <c>[a, (b, c), [d]]</c> becomes <c>[a, b, c, [d]]</c>. A sequence never appears in a task tree itself.
/// </summary>
public sealed class FlowSequence<TToken> : FlowNode<TToken>, IEnumerable<FlowNode<TToken>>
{
    private readonly List<FlowNode<TToken>> _items = [];

    /// <summary>An empty sequence.</summary>
    public FlowSequence()
        : base("sequence", null, null, null)
    {
    }

    /// <summary>The number of items (after splicing nested sequences).</summary>
    public int Count => _items.Count;

    /// <summary>Appends a node; nested sequences are spliced, <see langword="null"/> is ignored.</summary>
    public void Add(FlowNode<TToken>? node)
    {
        if (node is FlowSequence<TToken> sequence)
        {
            _items.AddRange(sequence._items);
        }
        else if (node is not null)
        {
            _items.Add(node);
        }
    }

    /// <summary>Appends a synchronous task.</summary>
    public void Add(FlowAction<TToken> action) => Add(new FlowTask<TToken>(action));

    /// <summary>Appends an asynchronous task.</summary>
    public void Add(FlowAsyncAction<TToken> action) => Add(new FlowTask<TToken>(action));

    /// <summary>Appends a <see cref="Task"/>-returning task.</summary>
    public void Add(Func<TToken, FlowEngine<TToken>, Task> action) => Add(FlowTask<TToken>.FromTask(action));

    /// <inheritdoc />
    public IEnumerator<FlowNode<TToken>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
