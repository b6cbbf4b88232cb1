using Weft.Flow.Tests.Support;

namespace Weft.Flow.Tests.Engine;

public sealed class RestartTests
{
    private readonly TraceTasks _t = new();

    // Tree [a, [b, h, c], d]; "h" halts on t1 the first time, so the engine halts at TokenPos 1, CallbackPos [1, 1].
    private FlowEngine<Trace> HaltedEngine(out int logged)
    {
        var engine = new FlowEngine<Trace>();
        engine.Tasks.Replace(new()
        {
            _t.Rec("a"),
            new FlowList<Trace> { _t.Rec("b"), _t.Once("h", "t1", e => e.Halt("halted")), _t.Rec("c") },
            _t.Rec("d"),
        });
        Assert.Throws<HaltException>(() => engine.Process(TraceTasks.Tokens(3)));
        Assert.Equal("t0:a t0:b t0:h t0:c t0:d t1:a t1:b t1:h", _t.Text);
        Assert.Equal(1, engine.State.TokenPos);
        Assert.Equal([1, 1], engine.State.CallbackPos);
        logged = _t.Log.Count;
        return engine;
    }

    private const string T2 = "t2:a t2:b t2:h t2:c t2:d";
    private const string T1 = "t1:a t1:b t1:h t1:c t1:d";
    private const string T0 = "t0:a t0:b t0:h t0:c t0:d";

    public static TheoryData<RestartToken, RestartTask, string> Matrix => new()
    {
        { RestartToken.Current, RestartTask.Current, $"t1:h t1:c t1:d {T2}" },
        { RestartToken.Current, RestartTask.Next, $"t1:c t1:d {T2}" },
        { RestartToken.Current, RestartTask.Prev, $"t1:b t1:h t1:c t1:d {T2}" },
        { RestartToken.Current, RestartTask.First, $"{T1} {T2}" },
        { RestartToken.Next, RestartTask.Current, "t2:h t2:c t2:d" },
        { RestartToken.Next, RestartTask.Next, "t2:c t2:d" },
        { RestartToken.Next, RestartTask.Prev, "t2:b t2:h t2:c t2:d" },
        { RestartToken.Next, RestartTask.First, T2 },
        { RestartToken.Prev, RestartTask.Current, $"t0:h t0:c t0:d {T1} {T2}" },
        { RestartToken.Prev, RestartTask.Next, $"t0:c t0:d {T1} {T2}" },
        { RestartToken.Prev, RestartTask.Prev, $"t0:b t0:h t0:c t0:d {T1} {T2}" },
        { RestartToken.Prev, RestartTask.First, $"{T0} {T1} {T2}" },
        { RestartToken.First, RestartTask.Current, $"t0:h t0:c t0:d {T1} {T2}" },
        { RestartToken.First, RestartTask.Next, $"t0:c t0:d {T1} {T2}" },
        { RestartToken.First, RestartTask.Prev, $"t0:b t0:h t0:c t0:d {T1} {T2}" },
        { RestartToken.First, RestartTask.First, $"{T0} {T1} {T2}" },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Restart_continues_from_the_requested_token_and_task(RestartToken token, RestartTask task, string expected)
    {
        var engine = HaltedEngine(out var logged);

        engine.Restart(token, task);

        Assert.Equal(expected, _t.Since(logged));
        Assert.Equal(FlowStatus.Completed, engine.Status);
        Assert.True(engine.HasCompleted);
    }

    [Fact]
    public void Restart_next_task_past_the_end_of_a_nested_list_falls_through_to_the_parent()
    {
        var engine = new FlowEngine<Trace>();
        engine.Tasks.Replace(new() { _t.Rec("a"), new FlowList<Trace> { _t.Rec("b"), _t.Once("h", "t0", e => e.Halt()) }, _t.Rec("d") });
        Assert.Throws<HaltException>(() => engine.Process(TraceTasks.Tokens(1)));
        var logged = _t.Log.Count;

        engine.Restart(RestartToken.Current, RestartTask.Next);

        Assert.Equal("t0:d", _t.Since(logged));
    }

    [Fact]
    public void Restart_keeps_ExtraData_and_the_statuses_of_earlier_tokens()
    {
        var engine = HaltedEngine(out _);
        engine.ExtraData["kept"] = 42;

        engine.Restart(RestartToken.Next, RestartTask.First);

        Assert.Equal(42, (int)engine.ExtraData["kept"]!);
        Assert.Equal([FlowTokenStatus.Completed, FlowTokenStatus.Halted, FlowTokenStatus.Completed], engine.TokenStatuses);
    }

    [Fact]
    public void Restart_prev_on_the_first_token_throws_an_ArgumentException_that_says_why()
    {
        var engine = new FlowEngine<Trace>();
        engine.Tasks.Replace(new() { _t.On("h", "t0", e => e.Halt()) });
        Assert.Throws<HaltException>(() => engine.Process(TraceTasks.Tokens(2)));

        var error = Assert.Throws<ArgumentException>(() => engine.Restart(RestartToken.Prev, RestartTask.First));

        Assert.Contains("first", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, engine.State.TokenPos);
    }

    [Fact]
    public void Restart_current_before_processing_throws()
    {
        var engine = new FlowEngine<Trace>();
        engine.Tasks.Replace(new() { _t.Rec("a") });

        var error = Assert.Throws<ArgumentException>(() => engine.Restart(RestartToken.Current, RestartTask.First));

        Assert.Contains("not started", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Restart_prev_task_on_the_first_task_of_a_list_throws()
    {
        var engine = new FlowEngine<Trace>();
        engine.Tasks.Replace(new() { _t.Rec("a"), new FlowList<Trace> { _t.Once("h", "t0", e => e.Halt()) } });
        Assert.Throws<HaltException>(() => engine.Process(TraceTasks.Tokens(1)));

        var error = Assert.Throws<ArgumentException>(() => engine.Restart(RestartToken.Current, RestartTask.Prev));

        Assert.Contains("first of its list", error.Message, StringComparison.Ordinal);
        Assert.Equal([1, 0], engine.State.CallbackPos);
    }

    [Fact]
    public void Restart_next_after_the_last_token_has_nothing_left_to_do()
    {
        var engine = new FlowEngine<Trace>();
        engine.Tasks.Replace(new() { _t.On("h", "t1", e => e.Halt()) });
        Assert.Throws<HaltException>(() => engine.Process(TraceTasks.Tokens(2)));
        var logged = _t.Log.Count;

        engine.Restart(RestartToken.Next, RestartTask.First);

        Assert.Equal("", _t.Since(logged));
        Assert.Equal(FlowStatus.Completed, engine.Status);
    }

    [Fact]
    public void Restart_with_new_tokens_processes_them_from_the_requested_position()
    {
        var engine = new FlowEngine<Trace>();
        engine.Tasks.Replace(new() { _t.On("h", "t0", e => e.Halt()) });
        Assert.Throws<HaltException>(() => engine.Process(TraceTasks.Tokens(1)));
        var logged = _t.Log.Count;

        engine.Restart(RestartToken.Next, RestartTask.First, [new Trace("t0"), new Trace("x1"), new Trace("x2")]);

        Assert.Equal("x1:h x2:h", _t.Since(logged));
        Assert.Equal(3, engine.Tokens.Count);
    }

    [Fact]
    public void Restart_inside_a_task_takes_effect_when_the_task_returns()
    {
        var engine = new FlowEngine<Trace>();
        engine.Tasks.Replace(new() { _t.Rec("a"), _t.Once("r", "t1", e => e.Restart(RestartToken.Prev, RestartTask.First)), _t.Rec("b") });

        engine.Process(TraceTasks.Tokens(2));

        Assert.Equal("t0:a t0:r t0:b t1:a t1:r t0:a t0:r t0:b t1:a t1:r t1:b", _t.Text);
    }

    [Fact]
    public void Restart_inside_a_task_that_is_impossible_fails_the_task()
    {
        var engine = new FlowEngine<Trace>();
        engine.Tasks.Replace(new() { _t.Rec("a"), _t.Once("r", "t0", e => e.Restart(RestartToken.Prev, RestartTask.First)) });

        Assert.Throws<ArgumentException>(() => engine.Process(TraceTasks.Tokens(1)));
        Assert.Equal(FlowStatus.Error, engine.Status);
    }
}
