using Weft.Flow.Tests.Support;

namespace Weft.Flow.Tests.Engine;

public sealed class HookAndEventTests
{
    private sealed class RecordingEngine(List<string> calls) : FlowEngine<Trace>
    {
        public RecordingEngine()
            : this([])
        {
        }

        public List<string> Calls { get; } = calls;

        protected override void OnProcessingStarting() => Calls.Add("processing-start");

        protected override void OnProcessingFinished() => Calls.Add("processing-end");

        protected override void OnTokenStarting(Trace token) => Calls.Add($"token-start {token.Name}");

        protected override void OnTokenFinished(Trace token, FlowTokenStatus status) => Calls.Add($"token-end {token.Name} {status}");

        protected override void OnTaskStarting(Trace token, FlowTask<Trace> task) => Calls.Add($"task-start {task.Name}");

        protected override void OnTaskFinished(Trace token, FlowTask<Trace> task) => Calls.Add($"task-end {task.Name}");

        protected override void OnHalt(HaltException halt) => Calls.Add($"halt {halt.Message} {Status}");

        protected override void OnStop(FlowControl control) => Calls.Add($"stop {control}");

        protected override void OnSkip(FlowControl control) => Calls.Add($"skip {control}");

        protected override void OnJump(FlowControl control, int offset) => Calls.Add($"jump {control} {offset}");

        protected override void OnError(Exception error) => Calls.Add($"error {error.Message}");

        protected override FlowEngine<Trace> CreateChild() => new RecordingEngine(Calls);
    }

    private readonly TraceTasks _t = new();

    [Fact]
    public void Hooks_run_around_processing_tokens_and_tasks_in_order()
    {
        var engine = new RecordingEngine();
        engine.Tasks.Replace(new() { _t.Rec("a"), new FlowList<Trace> { _t.Rec("b") } });

        engine.Process(TraceTasks.Tokens(2));

        Assert.Equal(
            [
                "processing-start",
                "token-start t0", "task-start a", "task-end a", "task-start b", "task-end b", "token-end t0 Completed",
                "token-start t1", "task-start a", "task-end a", "task-start b", "task-end b", "token-end t1 Completed",
                "processing-end",
            ],
            engine.Calls);
    }

    [Fact]
    public void Each_kind_of_transition_calls_its_handler()
    {
        var engine = new RecordingEngine();
        engine.Tasks.Replace(new()
        {
            _t.On("jc", "t0", e => e.JumpCall(2)),
            _t.Rec("skipped"),
            new FlowList<Trace> { _t.On("brk", "t1", e => e.BreakCurrentLoop()) },
            _t.On("next", "t1", e => e.ContinueNextToken()),
            _t.On("skip", "t2", e => e.SkipToken()),
            _t.On("jt", "t3", e => e.JumpToken(1)),
            _t.On("boom", "t4", _ => throw new InvalidOperationException("boom")),
            _t.On("halt", "t5", e => e.Halt("why")),
            _t.On("stop", "t6", e => e.Stop()),
        });

        engine.Process(TraceTasks.Tokens(7), stopOnHalt: false, stopOnError: false);

        var transitions = engine.Calls.Where(c => c.Split(' ')[0] is "jump" or "skip" or "stop" or "error" or "halt").ToList();
        Assert.Equal(
            ["jump JumpCall 2", "jump BreakCurrentLoop 0", "skip ContinueNextToken", "skip SkipToken", "jump JumpToken 1", "error boom", "halt why Running", "stop Stop"],
            transitions);
    }

    [Fact]
    public void Abort_calls_the_stop_handler_and_a_stopping_halt_is_already_visible_in_the_status()
    {
        var aborting = new RecordingEngine();
        aborting.Tasks.Replace(new() { _t.On("abort", "t0", e => e.Abort()) });
        aborting.Process(TraceTasks.Tokens(1));
        Assert.Contains("stop Abort", aborting.Calls);

        var halting = new RecordingEngine();
        halting.Tasks.Replace(new() { _t.On("halt", "t0", e => e.Halt("now")) });
        Assert.Throws<HaltException>(() => halting.Process(TraceTasks.Tokens(1)));
        Assert.Contains("halt now Halted", halting.Calls);
        Assert.Equal("token-end t0 Halted", halting.Calls[^1]);
    }

    [Fact]
    public void Events_carry_the_engine_and_an_error_is_never_reported_as_a_halt()
    {
        var engine = new FlowEngine<Trace>();
        var events = new List<string>();
        engine.Started += e => events.Add($"started {ReferenceEquals(e, engine)}");
        engine.Finished += e => events.Add($"finished {ReferenceEquals(e, engine)}");
        engine.Halted += (e, halt) => events.Add($"halted {halt.Message} {ReferenceEquals(e, engine)}");
        engine.Errored += (e, error) => events.Add($"errored {error.Message} {ReferenceEquals(e, engine)}");
        engine.Tasks.Replace(new() { _t.On("h", "t0", e => e.Halt("h")), _t.On("x", "t1", _ => throw new InvalidOperationException("x")) });

        Assert.Throws<HaltException>(() => engine.Process(TraceTasks.Tokens(2)));
        Assert.Throws<InvalidOperationException>(() => engine.Restart(RestartToken.Next, RestartTask.First));
        engine.Tasks.Replace(new() { _t.Rec("fine") });
        engine.Process(TraceTasks.Tokens(1));

        Assert.Equal(["started True", "halted h True", "started True", "errored x True", "started True", "finished True"], events);
    }

    [Fact]
    public void Child_engines_are_created_by_the_overridable_factory()
    {
        var engine = new RecordingEngine();
        engine.Tasks.Replace(new() { Patterns.RunFlow(_t.Rec("inner")) });

        engine.Process(TraceTasks.Tokens(1));

        // The nested engine is a RecordingEngine sharing the call list, so its hooks show up too.
        Assert.Equal(2, engine.Calls.Count(c => c == "processing-start"));
        Assert.Contains("task-start inner", engine.Calls);
    }

    private sealed class TypedEngine : FlowEngine<Trace>
    {
        protected override string SelectTasksKey(Trace token) => token.Name.StartsWith('x') ? "x-tasks" : FlowTasks<Trace>.DefaultKey;
    }

    [Fact]
    public void SelectTasksKey_chooses_the_task_tree_for_each_token()
    {
        var engine = new TypedEngine();
        engine.Tasks.Replace(new() { _t.Rec("default") });
        engine.Tasks.Replace(new() { _t.Rec("special") }, "x-tasks");

        engine.Process([new Trace("a"), new Trace("x1")]);

        Assert.Equal("a:default x1:special", _t.Text);
    }
}
