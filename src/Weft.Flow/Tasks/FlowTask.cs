namespace Weft.Flow;

/// <summary>A task of a task tree: a synchronous or asynchronous function of <c>(token, engine)</c>.</summary>
public sealed class FlowTask<TToken> : FlowNode<TToken>
{
    /// <summary>A synchronous task named after its method.</summary>
    public FlowTask(FlowAction<TToken> action)
        : this(NameOf(action), action)
    {
    }

    /// <summary>A synchronous task with a name.</summary>
    public FlowTask(string name, FlowAction<TToken> action)
        : base(name, null, action ?? throw new ArgumentNullException(nameof(action)), null)
    {
    }

    /// <summary>An asynchronous task named after its method.</summary>
    public FlowTask(FlowAsyncAction<TToken> action)
        : this(NameOf(action), action)
    {
    }

    /// <summary>An asynchronous task with a name.</summary>
    public FlowTask(string name, FlowAsyncAction<TToken> action)
        : base(name, null, null, action ?? throw new ArgumentNullException(nameof(action)))
    {
    }

    /// <summary>True when the task is asynchronous.</summary>
    public bool IsAsync => AsyncAction is not null;

    /// <summary>Wraps a <see cref="Task"/>-returning function (for example an async lambda without a cancellation token).</summary>
    public static FlowTask<TToken> FromTask(Func<TToken, FlowEngine<TToken>, Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return new FlowTask<TToken>(NameOf(action), (token, engine, _) => new ValueTask(action(token, engine)));
    }

    private static string NameOf(Delegate? action) => action?.Method.Name ?? "task";
}
