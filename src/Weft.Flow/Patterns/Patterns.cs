namespace Weft.Flow;

/// <summary>
/// The control-flow patterns of the original library (<c>IF</c>, <c>FOR</c>, <c>PARALLEL_SPLIT</c>, ...), built
/// from tasks and nested lists so that every part stays addressable by <c>CallbackPos</c>.
/// </summary>
public static partial class Patterns
{
    /// <summary>A task that jumps <paramref name="step"/> tasks forward in its list (<c>TASK_JUMP_FWD</c>).</summary>
    public static FlowTask<TToken> TaskJumpForward<TToken>(int step = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return new FlowTask<TToken>("TaskJumpForward", (_, engine) => engine.JumpCall(step));
    }

    /// <summary>A task that jumps back in its list (<c>TASK_JUMP_BWD</c>); <paramref name="step"/> must not be positive.</summary>
    public static FlowTask<TToken> TaskJumpBack<TToken>(int step = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(step, 0);
        return new FlowTask<TToken>("TaskJumpBack", (_, engine) => engine.JumpCall(step));
    }

    /// <summary>A task that leaves the current list (<c>BREAK</c>).</summary>
    public static FlowTask<TToken> Break<TToken>() => new("Break", (_, engine) => engine.BreakCurrentLoop());

    /// <summary>A task that stops processing (<c>STOP</c>).</summary>
    public static FlowTask<TToken> Stop<TToken>() => new("Stop", (_, engine) => engine.Stop());

    /// <summary>A task that halts processing (<c>HALT</c>).</summary>
    public static FlowTask<TToken> Halt<TToken>(string message = "", string? action = null, object? payload = null) =>
        new("Halt", (_, engine) => engine.Halt(message, action, payload));

    // A branch keeps its own list so that the index arithmetic of the patterns holds; a sequence becomes a list.
    private static FlowNode<TToken> AsBranch<TToken>(FlowNode<TToken> node, string name)
    {
        ArgumentNullException.ThrowIfNull(node, name);
        return node is FlowSequence<TToken> sequence ? new FlowList<TToken>(name, sequence) : node;
    }

    // The one rule for turning a body into a task list. A plain list or a sequence gives its items, so a Break or a
    // JumpCall in them acts on the list of the pattern that takes the body. A task, or a list built by a pattern,
    // is one item: a pattern used as a body keeps its own list, so its Break never leaves the pattern around it.
    private static FlowList<TToken> AsList<TToken>(FlowNode<TToken> node, string name)
    {
        ArgumentNullException.ThrowIfNull(node, name);
        return node switch
        {
            FlowList<TToken> { IsPattern: false } list => list,
            FlowSequence<TToken> sequence => new FlowList<TToken>(name, sequence),
            _ => new FlowList<TToken>(name) { node },
        };
    }

    // Loop bodies are spliced into the loop's own list (like the original's tuples) so that BreakCurrentLoop()
    // in the body leaves the loop.
    private static FlowSequence<TToken> Inline<TToken>(FlowNode<TToken> node, string name, out int count)
    {
        var sequence = new FlowSequence<TToken>();
        foreach (var item in AsList(node, name))
        {
            sequence.Add(item);
        }

        count = sequence.Count;
        return sequence;
    }
}
