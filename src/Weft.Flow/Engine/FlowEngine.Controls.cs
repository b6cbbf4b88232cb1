using System.Text.Json.Nodes;

namespace Weft.Flow;

// The in-task controls. A task calls one of them and returns; the engine acts on the request when the task has
// returned (no exception is thrown through user code). If a task calls several, the last call wins.
public partial class FlowEngine<TToken>
{
    private const string LoopStateKey = "_loops";

    private FlowControl _control;
    private int _controlOffset;
    private HaltException? _controlHalt;
    private (RestartToken Token, RestartTask Task) _controlRestart;
    private bool _loopStateMayExist;

    /// <summary>Halts processing; <c>Process</c> throws <see cref="HaltException"/> (or goes on with the next token when <c>stopOnHalt</c> is false).</summary>
    /// <param name="message">Why the flow halted.</param>
    /// <param name="action">The name of an action someone should take (the original's <c>action</c>).</param>
    /// <param name="payload">Data for whoever handles the halt.</param>
    public void Halt(string message = "", string? action = null, object? payload = null)
    {
        Request(FlowControl.Halt, 0);
        _controlHalt = new HaltException(message, action, payload);
    }

    /// <summary>Ends processing; <c>Process</c> returns normally and the current token counts as completed.</summary>
    public void Stop() => Request(FlowControl.Stop, 0);

    /// <summary>Ends processing; <c>Process</c> returns normally and the current token is left <see cref="FlowTokenStatus.Initial"/>.</summary>
    public void Abort() => Request(FlowControl.Abort, 0);

    /// <summary>Leaves the current token (as completed) and goes on with the next token from the first task.</summary>
    public void ContinueNextToken() => Request(FlowControl.ContinueNextToken, 0);

    /// <summary>Leaves the current token (as <see cref="FlowTokenStatus.Initial"/>) and goes on with the next token from the first task.</summary>
    public void SkipToken() => Request(FlowControl.SkipToken, 0);

    /// <summary>The next token processed is the current one + <paramref name="offset"/>, clamped to the list; <c>0</c> re-processes the current token.</summary>
    public void JumpToken(int offset) => Request(FlowControl.JumpToken, offset);

    /// <summary>
    /// The next task is the current index + <paramref name="offset"/> in the current list: <c>0</c> re-runs the task,
    /// <c>1</c> is a no-op, negative offsets clamp at the first task, past the end leaves the list.
    /// </summary>
    public void JumpCall(int offset) => Request(FlowControl.JumpCall, offset);

    /// <summary>Leaves the current list; the parent continues with its next item (at the top level the token ends normally).</summary>
    public void BreakCurrentLoop() => Request(FlowControl.BreakCurrentLoop, 0);

    private void Request(FlowControl control, int offset)
    {
        if (_currentTask is null)
        {
            throw new InvalidOperationException($"{control} can only be called by a task while the engine runs it.");
        }

        _control = control;
        _controlOffset = offset;
    }

    private void RequestRestart(RestartToken token, RestartTask task, IReadOnlyList<TToken>? tokens)
    {
        if (tokens is not null)
        {
            throw new ArgumentException("Tokens cannot be replaced by a task; call Restart with tokens after Process returns.", nameof(tokens));
        }

        ValidateRestart(token, task);
        Request(FlowControl.Restart, 0);
        _controlRestart = (token, task);
    }

    // Loop state of the For pattern, keyed by task tree and path so that nested loops and trees never share it.
    internal JsonObject LoopStates()
    {
        _loopStateMayExist = true;
        if (ExtraData[LoopStateKey] is JsonObject loops)
        {
            return loops;
        }

        loops = [];
        ExtraData[LoopStateKey] = loops;
        return loops;
    }

    internal string LoopKey() => $"{_treeKey}:{State.PathKey()}";

    // Called when the walk leaves a nested list. If the list is a For's (its head is the first item), the loop was
    // left, at its end or by a Break in its body: drop its position so that it starts from its first item when it
    // is entered again.
    private void ForgetLoopState()
    {
        if (ExtraData[LoopStateKey] is JsonObject loops && loops.Count > 0)
        {
            State.Last = 0;
            loops.Remove(LoopKey());
        }
    }

    // A token that starts from its first task cannot be inside a loop.
    private void ClearLoopState()
    {
        if (_loopStateMayExist)
        {
            ExtraData.Remove(LoopStateKey);
            _loopStateMayExist = false;
        }
    }
}
