using Weft.Flow.Tests.Support;

namespace Weft.Flow.Tests.Engine;

public sealed class AsyncTaskTests
{
    private readonly TraceTasks _t = new();

    private FlowTask<Trace> Yielding(string name) => new(name, async (token, _, _) =>
    {
        await Task.Yield();
        _t.Log.Add($"{token.Name}:{name}");
    });

    [Fact]
    public async Task Async_tasks_run_in_order_with_sync_tasks()
    {
        var engine = new FlowEngine<Trace>();
        engine.Tasks.Replace(new() { _t.Rec("a"), Yielding("b"), new FlowList<Trace> { Yielding("c"), _t.Rec("d") } });

        await engine.ProcessAsync(TraceTasks.Tokens(2));

        Assert.Equal("t0:a t0:b t0:c t0:d t1:a t1:b t1:c t1:d", _t.Text);
        Assert.Equal(FlowStatus.Completed, engine.Status);
    }

    [Fact]
    public void Synchronous_Process_waits_for_async_tasks()
    {
        var engine = new FlowEngine<Trace>();
        engine.Tasks.Replace(new() { Yielding("a"), _t.Rec("b") });

        engine.Process(TraceTasks.Tokens(1));

        Assert.Equal("t0:a t0:b", _t.Text);
    }

    [Fact]
    public async Task An_async_task_can_halt_after_awaiting()
    {
        var engine = new FlowEngine<Trace>();
        engine.Tasks.Replace(new()
        {
            _t.Rec("a"),
            new FlowList<Trace>
            {
                async (token, e, ct) =>
                {
                    await Task.Yield();
                    e.Halt("later");
                },
            },
            _t.Rec("b"),
        });

        var halt = await Assert.ThrowsAsync<HaltException>(() => engine.ProcessAsync(TraceTasks.Tokens(1)));

        Assert.Equal("later", halt.Message);
        Assert.Equal([1, 0], engine.State.CallbackPos);
        await engine.RestartAsync(RestartToken.Current, RestartTask.Next);
        Assert.Equal("t0:a t0:b", _t.Text);
    }

    [Fact]
    public async Task An_async_task_that_fails_after_awaiting_is_an_error()
    {
        var engine = new FlowEngine<Trace>();
        engine.Tasks.Replace(new()
        {
            async (_, _, _) =>
            {
                await Task.Yield();
                throw new FormatException("late failure");
            },
        });

        await Assert.ThrowsAsync<FormatException>(() => engine.ProcessAsync(TraceTasks.Tokens(1)));
        Assert.Equal(FlowStatus.Error, engine.Status);
    }

    [Fact]
    public async Task Task_returning_functions_are_tasks_too()
    {
        var engine = new FlowEngine<Trace>();
        engine.Tasks.Replace(new()
        {
            async (token, _) =>
            {
                await Task.Yield();
                _t.Log.Add($"{token.Name}:task");
            },
        });

        await engine.ProcessAsync(TraceTasks.Tokens(1));

        Assert.Equal("t0:task", _t.Text);
        Assert.True(((FlowTask<Trace>)engine.Tasks.Get()[0]).IsAsync);
    }

    [Fact]
    public async Task Cancellation_reaches_async_tasks_and_stops_processing_even_without_stopOnError()
    {
        using var cancellation = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var engine = new FlowEngine<Trace>();
        engine.Tasks.Replace(new()
        {
            async (_, _, ct) =>
            {
                started.SetResult();
                await Task.Delay(Timeout.Infinite, ct);
            },
        });

        var run = engine.ProcessAsync(TraceTasks.Tokens(3), stopOnError: false, cancellationToken: cancellation.Token);
        await started.Task;
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(FlowStatus.Error, engine.Status);
        Assert.Equal(0, engine.State.TokenPos);
    }

    [Fact]
    public async Task A_cancelled_token_stops_before_the_first_token()
    {
        var engine = new FlowEngine<Trace>();
        engine.Tasks.Replace(new() { _t.Rec("a") });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.ProcessAsync(TraceTasks.Tokens(1), cancellationToken: new CancellationToken(canceled: true)));
        Assert.Equal("", _t.Text);
    }
}
