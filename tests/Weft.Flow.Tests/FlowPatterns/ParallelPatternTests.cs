using System.Collections.Concurrent;
using Weft.Flow.Tests.Support;
using Weft.Testing;

namespace Weft.Flow.Tests.FlowPatterns;

using static Weft.Flow.Patterns;

public sealed class ParallelPatternTests
{
    // Guards against a hang if a test is broken; never reached when the code works.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private static TaskCompletionSource Signal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Waits (at most <see cref="Guard"/>) for work on other threads to reach a state; not for a timer.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Guard;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within the guard time");
            await Task.Yield();
            await Task.Delay(1);
        }
    }

    // Two branches that each wait for the other to start: they can only finish if they run at the same time.
    private static FlowNode<Box>[] MutuallyWaitingBranches(ConcurrentQueue<string> log)
    {
        var aStarted = Signal();
        var bStarted = Signal();
        return
        [
            new FlowTask<Box>("a", async (_, _, ct) =>
            {
                aStarted.SetResult();
                await bStarted.Task.WaitAsync(ct);
                log.Enqueue("a");
            }),
            new FlowList<Box>
            {
                new FlowTask<Box>("b", async (_, _, ct) =>
                {
                    bStarted.SetResult();
                    await aStarted.Task.WaitAsync(ct);
                    log.Enqueue("b");
                }),
            },
        ];
    }

    [Fact]
    public async Task ParallelSplit_with_wait_runs_branches_concurrently_and_joins_them()
    {
        var log = new ConcurrentQueue<string>();
        var engine = new FlowEngine<Box>();
        engine.Tasks.Replace(new()
        {
            ParallelSplit(MutuallyWaitingBranches(log), wait: true),
            (_, _) => log.Enqueue("after"),
        });

        await engine.ProcessAsync([new Box(0)]).WaitAsync(Guard);

        Assert.Equal("after", log.Last());
        Assert.Equal(["a", "after", "b"], log.Order());
    }

    [Fact]
    public async Task ParallelSplit_without_wait_goes_on_while_branches_still_run()
    {
        var gate = Signal();
        var done = Signal();
        var box = new Box(0);
        var engine = new FlowEngine<Box>();
        engine.Tasks.Replace(new()
        {
            ParallelSplit(
                new FlowTask<Box>("slow", async (token, _, _) =>
                {
                    await gate.Task;
                    token.Value += 10;
                    done.SetResult();
                }),
                new FlowTask<Box>("quick", (_, _) => { })),
            (token, _) => token.Value += 1,
        });

        engine.Process([box]);
        Assert.Equal(1, box.Value);
        Assert.False(done.Task.IsCompleted);

        gate.SetResult();
        await done.Task.WaitAsync(Guard);
        Assert.Equal(11, box.Value);
    }

    [Fact]
    public async Task ParallelSplit_without_wait_reports_a_failed_branch_as_an_error_of_the_parent()
    {
        var errored = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        var engine = new FlowEngine<Box>();
        engine.Errored += (_, error) => errored.TrySetResult(error);
        engine.Tasks.Replace(new() { ParallelSplit(new FlowTask<Box>("bad", (_, _) => throw new InvalidOperationException("branch failed"))) });

        engine.Process([new Box(0)]);

        var error = await errored.Task.WaitAsync(Guard);
        Assert.Equal("branch failed", error.Message);
        Assert.Equal(0, Assert.Single(engine.Errors).TokenPos);
        Assert.Equal(FlowStatus.Completed, engine.Status);
    }

    [Fact]
    public void ParallelSplit_with_wait_surfaces_branch_failures_as_an_AggregateException()
    {
        var engine = new FlowEngine<Box>();
        engine.Tasks.Replace(new()
        {
            ParallelSplit<Box>(
                [
                    new FlowTask<Box>("one", (_, _) => throw new InvalidOperationException("one")),
                    new FlowTask<Box>("fine", (_, _) => { }),
                    new FlowTask<Box>("two", (_, _) => throw new FormatException("two")),
                ],
                wait: true),
        });

        var error = Assert.Throws<AggregateException>(() => engine.Process([new Box(0)]));

        Assert.Equal(["one", "two"], error.InnerExceptions.Select(e => e.Message).Order());
        Assert.Equal(FlowStatus.Error, engine.Status);
    }

    [Fact]
    public void Branch_engines_get_a_copy_of_ExtraData()
    {
        var seen = new ConcurrentQueue<string>();
        var engine = new FlowEngine<Box>();
        engine.ExtraData["config"] = "shared";
        engine.Tasks.Replace(new()
        {
            ParallelSplit<Box>(
                [
                    new FlowTask<Box>("reader", (_, branch) =>
                    {
                        seen.Enqueue((string)branch.ExtraData["config"]!);
                        branch.ExtraData["written"] = true;
                    }),
                ],
                wait: true),
        });

        engine.Process([new Box(0)]);

        Assert.Equal(["shared"], seen);
        Assert.False(engine.ExtraData.ContainsKey("written"));
    }

    [Fact]
    public async Task Synchronize_runs_branches_concurrently_then_the_final_tasks()
    {
        var log = new ConcurrentQueue<string>();
        var engine = new FlowEngine<Box>();
        engine.Tasks.Replace(new()
        {
            Synchronize(MutuallyWaitingBranches(log), new FlowTask<Box>("then", (_, _) => log.Enqueue("then"))),
        });

        await engine.ProcessAsync([new Box(0)]).WaitAsync(Guard);

        Assert.Equal(3, log.Count);
        Assert.Equal("then", log.Last());
    }

    [Fact]
    public async Task Synchronize_timeout_is_an_error_that_names_the_branches_still_running()
    {
        var time = new FakeTimeProvider();
        var stuckCancelled = Signal();
        var thenRan = false;
        var engine = new BranchCountingEngine();
        engine.Tasks.Replace(new()
        {
            Synchronize<Box>(
                [
                    new FlowTask<Box>("quick", (_, _) => { }),
                    new FlowTask<Box>("stuck", async (_, _, ct) =>
                    {
                        try
                        {
                            await Task.Delay(Timeout.Infinite, ct);
                        }
                        finally
                        {
                            stuckCancelled.SetResult();
                        }
                    }),
                ],
                new FlowTask<Box>("then", (_, _) => thenRan = true),
                timeout: TimeSpan.FromMinutes(5),
                timeProvider: time),
        });

        var run = engine.ProcessAsync([new Box(0)]);
        // The branches run on other threads: only once the quick one has finished does the timeout find it done.
        await WaitUntilAsync(() => engine.FinishedBranches == 1 && time.PendingTimers > 0);
        Assert.False(run.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(4));
        Assert.False(run.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(1));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => run.WaitAsync(Guard));
        Assert.True(error.Message.Contains("stuck", StringComparison.Ordinal) && !error.Message.Contains("quick", StringComparison.Ordinal), error.Message);
        await stuckCancelled.Task.WaitAsync(Guard);
        Assert.False(thenRan);
        Assert.Equal(FlowStatus.Error, engine.Status);
        Assert.Equal([0, 0], engine.State.CallbackPos);
    }

    [Fact]
    public void Synchronize_surfaces_branch_failures_and_skips_the_final_tasks()
    {
        var thenRan = false;
        var engine = new FlowEngine<Box>();
        engine.Tasks.Replace(new()
        {
            Synchronize<Box>([new FlowTask<Box>("bad", (_, _) => throw new InvalidOperationException("bad"))], new FlowTask<Box>("then", (_, _) => thenRan = true)),
        });

        var error = Assert.Throws<AggregateException>(() => engine.Process([new Box(0)]));

        Assert.Equal("bad", Assert.Single(error.InnerExceptions).Message);
        Assert.False(thenRan);
    }

    [Fact]
    public async Task ParallelSplit_with_wait_and_timeout_names_the_branches_still_running()
    {
        var time = new FakeTimeProvider();
        var engine = new FlowEngine<Box>();
        engine.Tasks.Replace(new()
        {
            ParallelSplit<Box>([new FlowTask<Box>("forever", (_, _, ct) => new ValueTask(Task.Delay(Timeout.Infinite, ct)))], wait: true, timeout: TimeSpan.FromSeconds(10), timeProvider: time),
        });

        var run = engine.ProcessAsync([new Box(0)]);
        time.Advance(TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => run.WaitAsync(Guard));
        Assert.Contains("forever", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parallel_patterns_need_a_branch()
    {
        Assert.Throws<ArgumentException>(() => Synchronize<Box>([], new FlowTask<Box>("then", (_, _) => { })));
        Assert.Throws<ArgumentException>(() => ParallelSplit<Box>([], wait: true));
    }

    /// <summary>Counts the branch engines that have finished, so that a test can wait for a branch on another thread.</summary>
    private sealed class BranchCountingEngine : FlowEngine<Box>
    {
        private int _finishedBranches;

        public int FinishedBranches => Volatile.Read(ref _finishedBranches);

        protected override FlowEngine<Box> CreateChild()
        {
            var child = new FlowEngine<Box>();
            child.Finished += _ => Interlocked.Increment(ref _finishedBranches);
            return child;
        }
    }
}
