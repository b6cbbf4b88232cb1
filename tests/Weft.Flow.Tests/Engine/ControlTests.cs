using Weft.Flow.Tests.Support;

namespace Weft.Flow.Tests.Engine;

public sealed class ControlTests
{
    private readonly TraceTasks _t = new();

    private static FlowEngine<Trace> Engine(FlowList<Trace> tasks)
    {
        var engine = new FlowEngine<Trace>();
        engine.Tasks.Replace(tasks);
        return engine;
    }

    [Fact]
    public void JumpCall_zero_reruns_the_task()
    {
        var engine = Engine(new() { _t.Rec("a"), _t.Once("j", "t0", e => e.JumpCall(0)), _t.Rec("b") });

        engine.Process(TraceTasks.Tokens(1));

        Assert.Equal("t0:a t0:j t0:j t0:b", _t.Text);
    }

    [Fact]
    public void JumpCall_one_is_a_no_op()
    {
        var engine = Engine(new() { _t.Rec("a"), _t.Once("j", "t0", e => e.JumpCall(1)), _t.Rec("b") });

        engine.Process(TraceTasks.Tokens(1));

        Assert.Equal("t0:a t0:j t0:b", _t.Text);
    }

    [Fact]
    public void JumpCall_negative_clamps_at_the_first_task_of_the_list()
    {
        var engine = Engine(new() { _t.Rec("a"), new FlowList<Trace> { _t.Rec("b"), _t.Once("j", "t0", e => e.JumpCall(-10)) }, _t.Rec("c") });

        engine.Process(TraceTasks.Tokens(1));

        Assert.Equal("t0:a t0:b t0:j t0:b t0:j t0:c", _t.Text);
    }

    [Fact]
    public void JumpCall_past_the_end_leaves_the_list_and_the_parent_continues()
    {
        var engine = Engine(new() { _t.Rec("x"), new FlowList<Trace> { _t.Rec("a"), _t.Once("j", "t0", e => e.JumpCall(10)), _t.Rec("b") }, _t.Rec("c") });

        engine.Process(TraceTasks.Tokens(1));

        Assert.Equal("t0:x t0:a t0:j t0:c", _t.Text);
    }

    [Fact]
    public void JumpCall_past_the_end_of_the_top_list_ends_the_token_normally()
    {
        var engine = Engine(new() { _t.On("j", "t0", e => e.JumpCall(5)), _t.Rec("b") });

        engine.Process(TraceTasks.Tokens(2));

        Assert.Equal("t0:j t1:j t1:b", _t.Text);
        Assert.Equal([FlowTokenStatus.Completed, FlowTokenStatus.Completed], engine.TokenStatuses);
        Assert.True(engine.HasCompleted);
    }

    [Fact]
    public void BreakCurrentLoop_leaves_the_nested_list()
    {
        var engine = Engine(new() { _t.Rec("a"), new FlowList<Trace> { _t.Rec("b"), _t.On("brk", "t0", e => e.BreakCurrentLoop()), _t.Rec("c") }, _t.Rec("d") });

        engine.Process(TraceTasks.Tokens(1));

        Assert.Equal("t0:a t0:b t0:brk t0:d", _t.Text);
    }

    [Fact]
    public void BreakCurrentLoop_at_the_top_level_ends_the_token_normally()
    {
        var engine = Engine(new() { _t.Rec("a"), _t.On("brk", "t1", e => e.BreakCurrentLoop()), _t.Rec("b") });

        engine.Process(TraceTasks.Tokens(2));

        Assert.Equal("t0:a t0:brk t0:b t1:a t1:brk", _t.Text);
        Assert.True(engine.HasCompleted);
        Assert.Equal(FlowStatus.Completed, engine.Status);
    }

    [Fact]
    public void Stop_ends_processing_and_Process_returns_normally()
    {
        var engine = Engine(new() { _t.Rec("a"), _t.On("stop", "t1", e => e.Stop()), _t.Rec("b") });

        engine.Process(TraceTasks.Tokens(3));

        Assert.Equal("t0:a t0:stop t0:b t1:a t1:stop", _t.Text);
        Assert.Equal(FlowStatus.Completed, engine.Status);
        Assert.Equal([FlowTokenStatus.Completed, FlowTokenStatus.Completed, FlowTokenStatus.Initial], engine.TokenStatuses);
        Assert.False(engine.HasCompleted);
        Assert.Equal(1, engine.State.TokenPos);
    }

    [Fact]
    public void Abort_ends_processing_and_leaves_the_token_initial()
    {
        var engine = Engine(new() { _t.Rec("a"), _t.On("abort", "t1", e => e.Abort()), _t.Rec("b") });

        engine.Process(TraceTasks.Tokens(3));

        Assert.Equal("t0:a t0:abort t0:b t1:a t1:abort", _t.Text);
        Assert.Equal([FlowTokenStatus.Completed, FlowTokenStatus.Initial, FlowTokenStatus.Initial], engine.TokenStatuses);
    }

    [Fact]
    public void ContinueNextToken_goes_on_with_the_next_token_from_the_first_task()
    {
        var engine = Engine(new() { _t.Rec("a"), new FlowList<Trace> { _t.Rec("b"), _t.On("next", "t0", e => e.ContinueNextToken()), _t.Rec("c") }, _t.Rec("d") });

        engine.Process(TraceTasks.Tokens(2));

        Assert.Equal("t0:a t0:b t0:next t1:a t1:b t1:next t1:c t1:d", _t.Text);
        Assert.Equal([FlowTokenStatus.Completed, FlowTokenStatus.Completed], engine.TokenStatuses);
    }

    [Fact]
    public void SkipToken_goes_on_with_the_next_token_from_the_first_task_and_leaves_it_initial()
    {
        var engine = Engine(new() { _t.Rec("a"), new FlowList<Trace> { _t.Rec("b"), _t.On("skip", "t0", e => e.SkipToken()), _t.Rec("c") }, _t.Rec("d") });

        engine.Process(TraceTasks.Tokens(2));

        Assert.Equal("t0:a t0:b t0:skip t1:a t1:b t1:skip t1:c t1:d", _t.Text);
        Assert.Equal([FlowTokenStatus.Initial, FlowTokenStatus.Completed], engine.TokenStatuses);
    }

    [Fact]
    public void JumpToken_one_continues_with_the_next_token()
    {
        var engine = Engine(new() { _t.On("j", "t0", e => e.JumpToken(1)), _t.Rec("b") });

        engine.Process(TraceTasks.Tokens(2));

        Assert.Equal("t0:j t1:j t1:b", _t.Text);
    }

    [Fact]
    public void JumpToken_two_skips_a_token()
    {
        var engine = Engine(new() { _t.On("j", "t0", e => e.JumpToken(2)), _t.Rec("b") });

        engine.Process(TraceTasks.Tokens(3));

        Assert.Equal("t0:j t2:j t2:b", _t.Text);
    }

    [Fact]
    public void JumpToken_zero_reprocesses_the_current_token_from_its_first_task()
    {
        var engine = Engine(new() { _t.Rec("a"), _t.Once("j", "t0", e => e.JumpToken(0)), _t.Rec("b") });

        engine.Process(TraceTasks.Tokens(2));

        Assert.Equal("t0:a t0:j t0:a t0:j t0:b t1:a t1:j t1:b", _t.Text);
    }

    [Fact]
    public void JumpToken_minus_one_reprocesses_the_previous_token()
    {
        var engine = Engine(new() { _t.Once("j", "t1", e => e.JumpToken(-1)) });

        engine.Process(TraceTasks.Tokens(2));

        Assert.Equal("t0:j t1:j t0:j t1:j", _t.Text);
    }

    [Fact]
    public void JumpToken_clamps_to_the_list()
    {
        var forward = Engine(new() { _t.On("j", "t0", e => e.JumpToken(100)) });
        forward.Process(TraceTasks.Tokens(3));
        Assert.Equal("t0:j", _t.Text);

        _t.Log.Clear();
        var backward = Engine(new() { _t.Once("j", "t2", e => e.JumpToken(-100)) });
        backward.Process(TraceTasks.Tokens(3));
        Assert.Equal("t0:j t1:j t2:j t0:j t1:j t2:j", _t.Text);
    }

    [Fact]
    public void Halt_surfaces_as_HaltException_with_message_action_and_payload()
    {
        var payload = new object();
        var engine = Engine(new() { _t.Rec("a"), new FlowList<Trace> { _t.Rec("b"), _t.On("h", "t1", e => e.Halt("needs review", "approve", payload)), _t.Rec("c") } });

        var halt = Assert.Throws<HaltException>(() => engine.Process(TraceTasks.Tokens(3)));

        Assert.Equal("needs review", halt.Message);
        Assert.Equal("approve", halt.Action);
        Assert.Same(payload, halt.Payload);
        Assert.Equal(FlowStatus.Halted, engine.Status);
        Assert.Equal(1, engine.State.TokenPos);
        Assert.Equal([1, 1], engine.State.CallbackPos);
        Assert.Equal("h", engine.CurrentTaskName);
        Assert.Equal("t1", engine.CurrentToken!.Name);
        Assert.Equal([FlowTokenStatus.Completed, FlowTokenStatus.Halted, FlowTokenStatus.Initial], engine.TokenStatuses);
        Assert.False(engine.HasCompleted);
    }

    [Fact]
    public void Halt_without_stopOnHalt_leaves_the_token_and_continues_with_the_next()
    {
        var halts = new List<string>();
        var engine = Engine(new() { _t.Rec("a"), _t.On("h", "t1", e => e.Halt("wait")), _t.Rec("b") });
        engine.Halted += (e, halt) => halts.Add($"{e.CurrentToken!.Name}:{halt.Message}");

        engine.Process(TraceTasks.Tokens(3), stopOnHalt: false);

        Assert.Equal("t0:a t0:h t0:b t1:a t1:h t2:a t2:h t2:b", _t.Text);
        Assert.Equal(["t1:wait"], halts);
        Assert.Equal([FlowTokenStatus.Completed, FlowTokenStatus.Halted, FlowTokenStatus.Completed], engine.TokenStatuses);
        Assert.Equal(FlowStatus.Completed, engine.Status);
    }

    [Fact]
    public void An_error_propagates_with_the_path_at_the_failing_task()
    {
        var engine = Engine(new() { _t.Rec("a"), new FlowList<Trace> { _t.On("boom", "t1", _ => throw new InvalidOperationException("boom")) } });
        Exception? errored = null;
        var halted = false;
        engine.Errored += (_, error) => errored = error;
        engine.Halted += (_, _) => halted = true;

        var error = Assert.Throws<InvalidOperationException>(() => engine.Process(TraceTasks.Tokens(2)));

        Assert.Equal("boom", error.Message);
        Assert.Same(error, errored);
        Assert.False(halted);
        Assert.Equal(FlowStatus.Error, engine.Status);
        Assert.Equal(1, engine.State.TokenPos);
        Assert.Equal([1, 0], engine.State.CallbackPos);
        Assert.Equal([FlowTokenStatus.Completed, FlowTokenStatus.Error], engine.TokenStatuses);
    }

    [Fact]
    public void Without_stopOnError_a_failed_token_is_recorded_and_processing_continues()
    {
        var engine = Engine(new() { _t.Rec("a"), _t.On("boom", "t1", _ => throw new InvalidOperationException("boom")), _t.Rec("b") });
        var errored = new List<Exception>();
        engine.Errored += (_, error) => errored.Add(error);

        engine.Process(TraceTasks.Tokens(3), stopOnError: false);

        Assert.Equal("t0:a t0:boom t0:b t1:a t1:boom t2:a t2:boom t2:b", _t.Text);
        var recorded = Assert.Single(engine.Errors);
        Assert.Equal(1, recorded.TokenPos);
        Assert.Same(recorded.Error, Assert.Single(errored));
        Assert.Equal([FlowTokenStatus.Completed, FlowTokenStatus.Error, FlowTokenStatus.Completed], engine.TokenStatuses);
        Assert.Equal(FlowStatus.Completed, engine.Status);
    }

    [Fact]
    public void Controls_outside_a_running_task_throw()
    {
        var engine = Engine(new() { _t.Rec("a") });

        Assert.Throws<InvalidOperationException>(() => engine.Halt("no"));
        Assert.Throws<InvalidOperationException>(engine.Stop);
        Assert.Throws<InvalidOperationException>(() => engine.JumpCall(1));
        Assert.Throws<InvalidOperationException>(engine.BreakCurrentLoop);
    }

    [Fact]
    public void The_last_control_a_task_requests_wins()
    {
        var engine = Engine(new() { _t.On("both", "t0", e => { e.Halt("first"); e.ContinueNextToken(); }), _t.Rec("b") });

        engine.Process(TraceTasks.Tokens(2));

        Assert.Equal("t0:both t1:both t1:b", _t.Text);
    }
}
