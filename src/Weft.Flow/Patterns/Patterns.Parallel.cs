using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Weft.Flow;

public static partial class Patterns
{
    /// <summary>
    /// Starts each branch on its own engine with the same token and goes on without waiting (<c>PARALLEL_SPLIT</c>).
    /// Branch engines get a copy of <c>ExtraData</c>; a failed branch is recorded in the parent's <c>Errors</c> and
    /// raised as its <c>Errored</c> event.
    /// </summary>
    public static FlowTask<TToken> ParallelSplit<TToken>(params FlowNode<TToken>[] branches) => ParallelSplit(branches, wait: false);

    /// <summary>
    /// Starts each branch on its own engine with the same token (<c>PARALLEL_SPLIT</c>). With <paramref name="wait"/>
    /// the task joins the branches and fails with an <see cref="AggregateException"/> of the branch failures, or with
    /// a <see cref="TimeoutException"/> naming the branches still running after <paramref name="timeout"/>.
    /// </summary>
    public static FlowTask<TToken> ParallelSplit<TToken>(IReadOnlyList<FlowNode<TToken>> branches, bool wait, TimeSpan? timeout = null, TimeProvider? timeProvider = null)
    {
        var lists = BranchLists(branches);
        if (wait)
        {
            return new FlowTask<TToken>("ParallelSplit", (token, engine, cancellationToken) =>
                new ValueTask(JoinAsync("ParallelSplit", lists, token, engine, timeout, timeProvider, cancellationToken)));
        }

        return new FlowTask<TToken>("ParallelSplit", (token, engine) =>
        {
            var tokenPos = engine.State.TokenPos;
            foreach (var list in lists)
            {
                _ = StartBranch(list, token, engine, CancellationToken.None).ContinueWith(
                    run => engine.ReportDetachedError(tokenPos, run.Exception!.InnerExceptions.Count == 1 ? run.Exception.InnerExceptions[0] : run.Exception),
                    CancellationToken.None,
                    TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        });
    }

    /// <summary>
    /// Runs the branches concurrently on their own engines, waits for all of them, then runs <paramref name="then"/>
    /// (<c>SYNCHRONIZE</c>). Branch failures surface as an <see cref="AggregateException"/>; after
    /// <paramref name="timeout"/> the step fails with a <see cref="TimeoutException"/> that names the branches still
    /// running (they are cancelled).
    /// </summary>
    public static FlowList<TToken> Synchronize<TToken>(IReadOnlyList<FlowNode<TToken>> branches, FlowNode<TToken> then, TimeSpan? timeout = null, TimeProvider? timeProvider = null)
    {
        var lists = BranchLists(branches);
        return new FlowList<TToken>("Synchronize", isPattern: true)
        {
            new FlowTask<TToken>("Synchronize", (token, engine, cancellationToken) =>
                new ValueTask(JoinAsync("Synchronize", lists, token, engine, timeout, timeProvider, cancellationToken))),
            AsBranch(then, nameof(then)),
        };
    }

    /// <summary>
    /// Runs <paramref name="tasks"/> on a nested engine with the current token (<c>RUN_WF</c>). The nested engine is
    /// kept (with its <c>ExtraData</c>) across calls unless <paramref name="reinit"/>; a halt inside it halts the
    /// calling engine with the same message, action and payload.
    /// </summary>
    public static FlowTask<TToken> RunFlow<TToken>(FlowNode<TToken> tasks, bool reinit = false)
    {
        var tree = AsList(tasks, nameof(tasks));
        var nested = new ConditionalWeakTable<FlowEngine<TToken>, FlowEngine<TToken>>();
        return new FlowTask<TToken>("RunFlow", async (token, engine, cancellationToken) =>
        {
            var child = reinit ? CreateNested(engine, tree) : nested.GetValue(engine, parent => CreateNested(parent, tree));
            try
            {
                await child.ProcessAsync([token], cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HaltException halt)
            {
                engine.Halt(halt.Message, halt.Action, halt.Payload);
            }
        });
    }

    private static FlowEngine<TToken> CreateNested<TToken>(FlowEngine<TToken> parent, FlowList<TToken> tree)
    {
        var child = parent.CreateChild();
        child.Tasks.Replace(tree);
        return child;
    }

    private static FlowList<TToken>[] BranchLists<TToken>(IReadOnlyList<FlowNode<TToken>> branches)
    {
        ArgumentNullException.ThrowIfNull(branches);
        if (branches.Count == 0)
        {
            throw new ArgumentException("At least one branch is needed.", nameof(branches));
        }

        var lists = new FlowList<TToken>[branches.Count];
        for (var i = 0; i < lists.Length; i++)
        {
            // Branch lists are named "branch N (name)" so that a timeout can say which branches were still running.
            var branch = branches[i] ?? throw new ArgumentException($"Branch {i + 1} is null.", nameof(branches));
            lists[i] = new FlowList<TToken>($"branch {i + 1} ({branch.Name})", AsList(branch, "branch"));
        }

        return lists;
    }

    private static Task StartBranch<TToken>(FlowList<TToken> branch, TToken token, FlowEngine<TToken> parent, CancellationToken cancellationToken)
    {
        var child = parent.CreateChild();
        child.ExtraData = (JsonObject)parent.ExtraData.DeepClone();
        child.Tasks.Replace(branch);
        return Task.Run(() => child.ProcessAsync([token], cancellationToken: cancellationToken), CancellationToken.None);
    }

    private static async Task JoinAsync<TToken>(string pattern, FlowList<TToken>[] branches, TToken token, FlowEngine<TToken> parent, TimeSpan? timeout, TimeProvider? timeProvider, CancellationToken cancellationToken)
    {
        using var branchCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var runs = new Task[branches.Length];
        for (var i = 0; i < branches.Length; i++)
        {
            runs[i] = StartBranch(branches[i], token, parent, branchCancellation.Token);
        }

        var all = Task.WhenAll(runs);
        try
        {
            if (timeout is { } limit)
            {
                await all.WaitAsync(limit, timeProvider ?? TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await all.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (TimeoutException) when (!all.IsCompleted)
        {
            await branchCancellation.CancelAsync().ConfigureAwait(false);
            var running = new List<string>();
            for (var i = 0; i < runs.Length; i++)
            {
                if (!runs[i].IsCompleted)
                {
                    running.Add(branches[i].Name);
                }
            }

            throw new TimeoutException($"{pattern} timed out after {timeout}; branches still running: {string.Join(", ", running)}.");
        }
        catch (Exception) when (all.IsCompleted)
        {
            // Branch failures are collected below.
        }

        var failures = new List<Exception>();
        foreach (var run in runs)
        {
            if (run.IsFaulted)
            {
                failures.AddRange(run.Exception!.InnerExceptions);
            }
            else if (run.IsCanceled)
            {
                failures.Add(new TaskCanceledException(run));
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException($"{pattern}: {failures.Count} of {runs.Length} branches failed.", failures);
        }
    }
}
