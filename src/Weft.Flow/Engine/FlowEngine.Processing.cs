using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Weft.Flow;

public partial class FlowEngine<TToken>
{
    private List<FlowNode<TToken>>[] _frames = new List<FlowNode<TToken>>[8];
    private TToken _token = default!;
    private FlowTask<TToken>? _currentTask;
    private bool _running;
    private bool _tokenActive;
    private bool _stopOnHalt = true;
    private bool _stopOnError = true;
    private bool _lastTokenFinished;
    private Outcome _outcome;
    private HaltException? _halt;
    private ExceptionDispatchInfo? _failure;
    private ValueTask _inFlight;
    private CancellationToken _cancellation;
    private string _treeKey = FlowTasks<TToken>.DefaultKey;

    private enum Outcome
    {
        Continue,
        Awaiting,
        Finished,
        Halted,
        Failed,
    }

    /// <summary>
    /// Processes <paramref name="tokens"/> from the first token and the first task. Asynchronous tasks are waited
    /// for; prefer <see cref="ProcessAsync"/> when there are any.
    /// </summary>
    /// <exception cref="HaltException">A task halted and <paramref name="stopOnHalt"/> is true.</exception>
    public void Process(IReadOnlyList<TToken> tokens, bool stopOnHalt = true, bool stopOnError = true)
    {
        PrepareProcess(tokens, stopOnHalt, stopOnError);
        Wait(RunAsync(CancellationToken.None));
    }

    /// <summary>Processes <paramref name="tokens"/> from the first token and the first task.</summary>
    /// <exception cref="HaltException">A task halted and <paramref name="stopOnHalt"/> is true.</exception>
    public Task ProcessAsync(IReadOnlyList<TToken> tokens, bool stopOnHalt = true, bool stopOnError = true, CancellationToken cancellationToken = default)
    {
        PrepareProcess(tokens, stopOnHalt, stopOnError);
        return RunAsync(cancellationToken).AsTask();
    }

    /// <summary>
    /// Continues processing from a position relative to the current state, without resetting it.
    /// Called from inside a task, it takes effect when the task returns.
    /// </summary>
    /// <exception cref="ArgumentException">The request is impossible (for example <c>Prev</c> on the first token).</exception>
    /// <exception cref="HaltException">A task halted and <paramref name="stopOnHalt"/> is true.</exception>
    public void Restart(RestartToken token, RestartTask task, IReadOnlyList<TToken>? tokens = null, bool stopOnHalt = true, bool stopOnError = true)
    {
        if (_currentTask is not null)
        {
            RequestRestart(token, task, tokens);
            return;
        }

        PrepareRestart(token, task, tokens, stopOnHalt, stopOnError);
        Wait(RunAsync(CancellationToken.None));
    }

    /// <summary>The asynchronous form of <see cref="Restart"/> (not for use inside a task).</summary>
    public Task RestartAsync(RestartToken token, RestartTask task, IReadOnlyList<TToken>? tokens = null, bool stopOnHalt = true, bool stopOnError = true, CancellationToken cancellationToken = default)
    {
        PrepareRestart(token, task, tokens, stopOnHalt, stopOnError);
        return RunAsync(cancellationToken).AsTask();
    }

    private static void Wait(ValueTask run)
    {
        if (run.IsCompleted)
        {
            run.GetAwaiter().GetResult();
            return;
        }

        run.AsTask().GetAwaiter().GetResult();
    }

    private void EnsureIdle()
    {
        if (_running)
        {
            throw new InvalidOperationException("The engine is processing; Process, Restart from outside a task, and Restore are not allowed now.");
        }
    }

    private void PrepareProcess(IReadOnlyList<TToken> tokens, bool stopOnHalt, bool stopOnError)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        EnsureIdle();
        EnsureTasks();
        _tokens = tokens;
        _tokenStatuses = new FlowTokenStatus[tokens.Count];
        State.TokenPos = -1;
        State.ResetPath();
        _lastTokenFinished = false;
        _stopOnHalt = stopOnHalt;
        _stopOnError = stopOnError;
        ClearErrors();
    }

    private void PrepareRestart(RestartToken token, RestartTask task, IReadOnlyList<TToken>? tokens, bool stopOnHalt, bool stopOnError)
    {
        EnsureIdle();
        EnsureTasks();
        if (tokens is not null)
        {
            var statuses = new FlowTokenStatus[tokens.Count];
            Array.Copy(_tokenStatuses, statuses, Math.Min(statuses.Length, _tokenStatuses.Length));
            _tokens = tokens;
            _tokenStatuses = statuses;
        }

        MoveForRestart(token, task);
        _stopOnHalt = stopOnHalt;
        _stopOnError = stopOnError;
    }

    private void EnsureTasks()
    {
        if (Tasks.IsEmpty)
        {
            throw new InvalidOperationException("The engine has no tasks; call Tasks.Replace(...) first.");
        }
    }

    // Validates a restart request against the current state, then moves the state so that the walk takes
    // the requested token next and fast-forwards along the requested path.
    private void MoveForRestart(RestartToken token, RestartTask task)
    {
        var target = ValidateRestart(token, task);
        switch (task)
        {
            case RestartTask.Prev:
                State.Last--;
                break;
            case RestartTask.Next:
                State.Last++;
                break;
            case RestartTask.First:
                State.ResetPath();
                break;
        }

        // The walk increments TokenPos before taking a token.
        State.TokenPos = target - 1;
    }

    // Returns the index of the token to continue with, or throws when the request is impossible.
    private int ValidateRestart(RestartToken token, RestartTask task)
    {
        var tokenPos = State.TokenPos;
        var target = token switch
        {
            RestartToken.Prev when tokenPos < 0 => throw new ArgumentException("Cannot restart the previous token: processing has not started.", nameof(token)),
            RestartToken.Prev when tokenPos == 0 => throw new ArgumentException("Cannot restart the previous token: the current token is the first one.", nameof(token)),
            RestartToken.Prev => tokenPos - 1,
            RestartToken.Current when tokenPos < 0 => throw new ArgumentException("Cannot restart the current token: processing has not started.", nameof(token)),
            RestartToken.Current when tokenPos >= _tokens.Count => throw new ArgumentException($"Cannot restart the current token: token {tokenPos} is not in the list of {_tokens.Count} tokens.", nameof(token)),
            RestartToken.Current => tokenPos,
            RestartToken.Next => tokenPos + 1,
            RestartToken.First => 0,
            _ => throw new ArgumentOutOfRangeException(nameof(token), token, "Unknown restart token."),
        };

        switch (task)
        {
            case RestartTask.Prev when State.Last == 0:
                throw new ArgumentException($"Cannot restart the previous task: the task at [{string.Join(", ", State.CallbackPos)}] is the first of its list.", nameof(task));
            case RestartTask.Prev or RestartTask.Current or RestartTask.Next or RestartTask.First:
                return target;
            default:
                throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown restart task.");
        }
    }

    private async ValueTask RunAsync(CancellationToken cancellationToken)
    {
        _running = true;
        _cancellation = cancellationToken;
        _outcome = Outcome.Continue;
        _halt = null;
        _failure = null;
        try
        {
            Status = FlowStatus.Running;
            OnProcessingStarting();
            Started?.Invoke(this);
            while (Walk() == Outcome.Awaiting)
            {
                Exception? error = null;
                try
                {
                    await _inFlight.ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    error = ex;
                }

                _inFlight = default;
                CompleteTask(error);
            }

            switch (_outcome)
            {
                case Outcome.Halted:
                    throw _halt!;
                case Outcome.Failed:
                    _failure!.Throw();
                    break;
                default:
                    Status = FlowStatus.Completed;
                    OnProcessingFinished();
                    Finished?.Invoke(this);
                    break;
            }
        }
        finally
        {
            if (Status == FlowStatus.Running)
            {
                // Something outside the tasks failed (a hook, an invalid CallbackPos, cancellation between tokens).
                Status = FlowStatus.Error;
            }

            _tokenActive = false;
            _currentTask = null;
            _running = false;
        }
    }

    // The hot loop: runs tasks until processing ends or an asynchronous task has not completed yet.
    private Outcome Walk()
    {
        var state = State;
        while (_outcome == Outcome.Continue)
        {
            if (!_tokenActive)
            {
                if (state.TokenPos >= _tokens.Count - 1)
                {
                    _outcome = Outcome.Finished;
                    break;
                }

                _cancellation.ThrowIfCancellationRequested();
                BeginToken();
                continue;
            }

            var depth = state.Length - 1;
            var items = _frames[depth];
            var index = state.Path[depth];
            if (index >= items.Count)
            {
                if (depth == 0)
                {
                    FinishToken(FlowTokenStatus.Completed, ranToEnd: true);
                    continue;
                }

                // Leave the nested list; the parent continues with its next item.
                if (_loopStateMayExist)
                {
                    ForgetLoopState();
                }

                state.Length = depth;
                state.Path[depth - 1]++;
                continue;
            }

            var node = items[index];
            if (node.Children is { } children)
            {
                if (depth + 1 == _frames.Length)
                {
                    Array.Resize(ref _frames, _frames.Length * 2);
                }

                _frames[depth + 1] = children;
                state.Push(0);
                continue;
            }

            // Only tasks have no children, so this cast cannot fail.
            var task = Unsafe.As<FlowTask<TToken>>(node);
            _currentTask = task;
            OnTaskStarting(_token, task);
            if (task.SyncAction is { } action)
            {
                Exception? error = null;
                try
                {
                    action(_token, this);
                }
                catch (Exception ex)
                {
                    error = ex;
                }

                CompleteTask(error);
            }
            else
            {
                ValueTask pending;
                try
                {
                    pending = task.AsyncAction!(_token, this, _cancellation);
                }
                catch (Exception ex)
                {
                    CompleteTask(ex);
                    continue;
                }

                if (!pending.IsCompleted)
                {
                    _inFlight = pending;
                    return Outcome.Awaiting;
                }

                Exception? error = null;
                try
                {
                    pending.GetAwaiter().GetResult();
                }
                catch (Exception ex)
                {
                    error = ex;
                }

                CompleteTask(error);
            }
        }

        return _outcome;
    }

    private void BeginToken()
    {
        var tokenPos = ++State.TokenPos;
        if (tokenPos >= _tokenStatuses.Length)
        {
            // A task added tokens to the list being processed.
            Array.Resize(ref _tokenStatuses, _tokens.Count);
        }

        _token = _tokens[tokenPos];
        var key = SelectTasksKey(_token);
        var root = Tasks.Get(key);
        _frames[0] = root.Children!;
        _lastTokenFinished = false;
        if (State.IsAtStart)
        {
            ClearLoopState();
        }
        else
        {
            ResolveFrames(key);
        }

        _treeKey = key;
        _tokenStatuses[tokenPos] = FlowTokenStatus.Running;
        _tokenActive = true;
        OnTokenStarting(_token);
    }

    // Fast-forward: find the nested lists that CallbackPos points into.
    private void ResolveFrames(string key)
    {
        if (_frames.Length < State.Length)
        {
            Array.Resize(ref _frames, State.Length * 2);
        }

        for (var level = 0; level < State.Length - 1; level++)
        {
            var items = _frames[level];
            var index = State.Path[level];
            if ((uint)index >= (uint)items.Count || items[index].Children is not { } children)
            {
                throw new InvalidOperationException(
                    $"CallbackPos [{string.Join(", ", State.CallbackPos)}] does not lead into the task tree '{key}': item {index} at level {level} is not a nested list. Did the tasks change?");
            }

            _frames[level + 1] = children;
        }
    }

    private void CompleteTask(Exception? error)
    {
        var task = _currentTask!;
        _currentTask = null;
        OnTaskFinished(_token, task);
        var control = _control;
        if (control != FlowControl.None)
        {
            _control = FlowControl.None;
        }

        if (error is not null)
        {
            FailToken(error);
        }
        else if (control == FlowControl.None)
        {
            State.Path[State.Length - 1]++;
        }
        else
        {
            ApplyControl(control);
        }
    }

    private void ApplyControl(FlowControl control)
    {
        var offset = _controlOffset;
        switch (control)
        {
            case FlowControl.JumpCall:
                OnJump(control, offset);
                State.Last = (int)Math.Clamp((long)State.Last + offset, 0L, _frames[State.Length - 1].Count);
                break;
            case FlowControl.BreakCurrentLoop:
                OnJump(control, 0);
                State.Last = _frames[State.Length - 1].Count;
                break;
            case FlowControl.Halt:
                var halt = _controlHalt!;
                _controlHalt = null;
                HaltToken(halt);
                break;
            case FlowControl.Stop:
                OnStop(control);
                FinishToken(FlowTokenStatus.Completed, ranToEnd: false);
                _outcome = Outcome.Finished;
                break;
            case FlowControl.Abort:
                OnStop(control);
                FinishToken(FlowTokenStatus.Initial, ranToEnd: false);
                _outcome = Outcome.Finished;
                break;
            case FlowControl.ContinueNextToken:
                OnSkip(control);
                FinishToken(FlowTokenStatus.Completed, ranToEnd: true);
                break;
            case FlowControl.SkipToken:
                OnSkip(control);
                FinishToken(FlowTokenStatus.Initial, ranToEnd: false);
                break;
            case FlowControl.JumpToken:
                OnJump(control, offset);
                var from = State.TokenPos;
                FinishToken(FlowTokenStatus.Completed, ranToEnd: false);
                var target = offset > 0 ? Math.Min((long)_tokens.Count, (long)from + offset) : Math.Max(0, (long)from + offset);
                State.TokenPos = (int)target - 1;
                break;
            case FlowControl.Restart:
                OnJump(control, 0);
                var current = State.TokenPos;
                MoveForRestart(_controlRestart.Token, _controlRestart.Task);
                var nextTokenPos = State.TokenPos;
                State.TokenPos = current;
                FinishToken(nextTokenPos + 1 == current ? FlowTokenStatus.Running : FlowTokenStatus.Completed, ranToEnd: false, keepPath: true);
                State.TokenPos = nextTokenPos;
                break;
        }
    }

    private void FinishToken(FlowTokenStatus status, bool ranToEnd, bool keepPath = false)
    {
        var tokenPos = State.TokenPos;
        _tokenStatuses[tokenPos] = status;
        if (ranToEnd && tokenPos == _tokens.Count - 1)
        {
            _lastTokenFinished = true;
        }

        _tokenActive = false;
        OnTokenFinished(_token, status);
        if (!keepPath)
        {
            State.ResetPath();
        }
    }

    private void HaltToken(HaltException halt)
    {
        _tokenStatuses[State.TokenPos] = FlowTokenStatus.Halted;
        _tokenActive = false;
        if (_stopOnHalt)
        {
            Status = FlowStatus.Halted;
            _outcome = Outcome.Halted;
            _halt = halt;
        }

        OnHalt(halt);
        Halted?.Invoke(this, halt);
        OnTokenFinished(_token, FlowTokenStatus.Halted);
        if (!_stopOnHalt)
        {
            State.ResetPath();
        }
    }

    private void FailToken(Exception error)
    {
        _tokenStatuses[State.TokenPos] = FlowTokenStatus.Error;
        _tokenActive = false;
        RecordError(State.TokenPos, error);
        var stop = _stopOnError || (error is OperationCanceledException && _cancellation.IsCancellationRequested);
        if (stop)
        {
            Status = FlowStatus.Error;
            _outcome = Outcome.Failed;
            _failure = ExceptionDispatchInfo.Capture(error);
        }

        OnError(error);
        Errored?.Invoke(this, error);
        OnTokenFinished(_token, FlowTokenStatus.Error);
        if (!stop)
        {
            State.ResetPath();
        }
    }
}
