using System.Text.Json.Nodes;

namespace Weft.Flow;

/// <summary>
/// A finite state machine with memory: runs a tree of tasks (<see cref="Tasks"/>) over a list of tokens, one token
/// at a time. Tasks steer the walk through the in-task controls (<see cref="Halt"/>, <see cref="JumpCall"/>, ...);
/// a halted engine keeps its <see cref="State"/> and can be inspected, changed, snapshotted and restarted.
/// Subclasses customise behaviour through the <c>On...</c> hooks and <see cref="SelectTasksKey"/>.
/// </summary>
/// <typeparam name="TToken">The type of the tokens; for snapshots it must be JSON-serialisable.</typeparam>
public partial class FlowEngine<TToken>
{
    private readonly List<FlowTokenError> _errors = [];
    private readonly Lock _errorsGate = new();
    private IReadOnlyList<TToken> _tokens = [];
    private FlowTokenStatus[] _tokenStatuses = [];

    /// <summary>Raised when processing starts (<c>Process</c> or <c>Restart</c>).</summary>
    public event Action<FlowEngine<TToken>>? Started;

    /// <summary>Raised when processing ends without a halt or an error that stopped it.</summary>
    public event Action<FlowEngine<TToken>>? Finished;

    /// <summary>Raised when a task halts.</summary>
    public event Action<FlowEngine<TToken>, HaltException>? Halted;

    /// <summary>Raised when a task fails (an error is never reported as a halt).</summary>
    public event Action<FlowEngine<TToken>, Exception>? Errored;

    /// <summary>The task trees, stored under keys (default <c>"*"</c>).</summary>
    public FlowTasks<TToken> Tasks { get; } = new();

    /// <summary>The machine state: <see cref="FlowState.TokenPos"/> and <see cref="FlowState.CallbackPos"/>.</summary>
    public FlowState State { get; } = new();

    /// <summary>The tokens of the last <c>Process</c> (or <c>Restart</c> with tokens, or <c>Restore</c>).</summary>
    public IReadOnlyList<TToken> Tokens => _tokens;

    /// <summary>The status of each token, in the order of <see cref="Tokens"/>.</summary>
    public IReadOnlyList<FlowTokenStatus> TokenStatuses => _tokenStatuses;

    /// <summary>The status of the engine.</summary>
    public FlowStatus Status { get; private set; } = FlowStatus.New;

    /// <summary>Data shared by the tasks; kept across <c>Process</c> calls and stored in snapshots.</summary>
    public JsonObject ExtraData { get; internal set; } = [];

    /// <summary>True once the last token ran to its end.</summary>
    public bool HasCompleted => _lastTokenFinished;

    /// <summary>The token at <see cref="FlowState.TokenPos"/>, or <see langword="default"/> before the first one.</summary>
    public TToken? CurrentToken => (uint)State.TokenPos < (uint)_tokens.Count ? _tokens[State.TokenPos] : default;

    /// <summary>The name of the task at <see cref="FlowState.CallbackPos"/> (or of the list it points at), if any.</summary>
    public string? CurrentTaskName
    {
        get
        {
            if (_currentTask is not null)
            {
                return _currentTask.Name;
            }

            var tokenPos = State.TokenPos;
            if ((uint)tokenPos >= (uint)_tokens.Count)
            {
                return null;
            }

            var key = SelectTasksKey(_tokens[tokenPos]);
            if (!Tasks.Contains(key))
            {
                return null;
            }

            FlowNode<TToken> node = Tasks.Get(key);
            for (var level = 0; level < State.Length; level++)
            {
                var index = State.Path[level];
                if (node.Children is not { } children || (uint)index >= (uint)children.Count)
                {
                    return null;
                }

                node = children[index];
            }

            return node.Name;
        }
    }

    /// <summary>Errors recorded while processing (with <c>stopOnError: false</c>, or by detached parallel branches).</summary>
    public IReadOnlyList<FlowTokenError> Errors
    {
        get
        {
            lock (_errorsGate)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>The key of the task tree to run for <paramref name="token"/> (the original's <c>callback_chooser</c>).</summary>
    protected virtual string SelectTasksKey(TToken token) => FlowTasks<TToken>.DefaultKey;

    /// <summary>Creates the engine that runs a parallel branch or a nested flow; override when a subclass needs arguments.</summary>
    protected internal virtual FlowEngine<TToken> CreateChild() => new();

    /// <summary>Hook: processing starts.</summary>
    protected virtual void OnProcessingStarting()
    {
    }

    /// <summary>Hook: processing ended without a halt or a stopping error.</summary>
    protected virtual void OnProcessingFinished()
    {
    }

    /// <summary>Hook: a token is about to be processed.</summary>
    protected virtual void OnTokenStarting(TToken token)
    {
    }

    /// <summary>Hook: a token was left, with the status it ended in.</summary>
    protected virtual void OnTokenFinished(TToken token, FlowTokenStatus status)
    {
    }

    /// <summary>Hook: a task is about to run.</summary>
    protected virtual void OnTaskStarting(TToken token, FlowTask<TToken> task)
    {
    }

    /// <summary>Hook: a task returned or failed.</summary>
    protected virtual void OnTaskFinished(TToken token, FlowTask<TToken> task)
    {
    }

    /// <summary>Transition handler: a task halted. <see cref="Status"/> and <see cref="State"/> already describe the halt.</summary>
    protected virtual void OnHalt(HaltException halt)
    {
    }

    /// <summary>Transition handler: a task called <c>Stop()</c> or <c>Abort()</c>.</summary>
    protected virtual void OnStop(FlowControl control)
    {
    }

    /// <summary>Transition handler: a task called <c>ContinueNextToken()</c> or <c>SkipToken()</c>.</summary>
    protected virtual void OnSkip(FlowControl control)
    {
    }

    /// <summary>Transition handler: a task called <c>JumpToken</c>, <c>JumpCall</c>, <c>BreakCurrentLoop</c> or <c>Restart</c>.</summary>
    protected virtual void OnJump(FlowControl control, int offset)
    {
    }

    /// <summary>Transition handler: a task failed.</summary>
    protected virtual void OnError(Exception error)
    {
    }

    internal void ReportDetachedError(int tokenPos, Exception error)
    {
        RecordError(tokenPos, error);
        Errored?.Invoke(this, error);
    }

    private void RecordError(int tokenPos, Exception error)
    {
        lock (_errorsGate)
        {
            _errors.Add(new FlowTokenError(tokenPos, error));
        }
    }

    private void ClearErrors()
    {
        lock (_errorsGate)
        {
            _errors.Clear();
        }
    }
}
