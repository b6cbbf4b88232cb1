namespace Weft.Flow;

/// <summary>
/// One item of a task tree: either a task (<see cref="FlowTask{TToken}"/>) or a nested list of items
/// (<see cref="FlowList{TToken}"/>). A <see cref="FlowSequence{TToken}"/> is spliced into the list it is added to.
/// </summary>
public abstract class FlowNode<TToken>
{
    // The engine's walk reads these directly instead of testing types: a node is a list when Children is set,
    // otherwise a task with exactly one of the two actions.
    internal readonly List<FlowNode<TToken>>? Children;
    internal readonly FlowAction<TToken>? SyncAction;
    internal readonly FlowAsyncAction<TToken>? AsyncAction;

    private protected FlowNode(string name, List<FlowNode<TToken>>? children, FlowAction<TToken>? syncAction, FlowAsyncAction<TToken>? asyncAction)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        Children = children;
        SyncAction = syncAction;
        AsyncAction = asyncAction;
    }

    /// <summary>The name reported by <see cref="FlowEngine{TToken}.CurrentTaskName"/>.</summary>
    public string Name { get; }

    /// <summary>Lets a <see cref="FlowAction{TToken}"/> value stand wherever a node is expected.</summary>
    public static implicit operator FlowNode<TToken>(FlowAction<TToken> action) => FromAction(action);

    /// <summary>Lets a <see cref="FlowAsyncAction{TToken}"/> value stand wherever a node is expected.</summary>
    public static implicit operator FlowNode<TToken>(FlowAsyncAction<TToken> action) => FromAction(action);

    /// <summary>A task node for a synchronous action.</summary>
    public static FlowNode<TToken> FromAction(FlowAction<TToken> action) => new FlowTask<TToken>(action);

    /// <summary>A task node for an asynchronous action.</summary>
    public static FlowNode<TToken> FromAction(FlowAsyncAction<TToken> action) => new FlowTask<TToken>(action);

    /// <inheritdoc />
    public override string ToString() => Name;
}
