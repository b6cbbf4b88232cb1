using Weft.Flow.Tests.Support;

namespace Weft.Flow.Tests.FlowPatterns;

using static Weft.Flow.Patterns;

public sealed class RunFlowTests
{
    private static FlowList<Box> CountInNestedEngine() => new()
    {
        (box, nested) =>
        {
            nested.ExtraData["runs"] = ((int?)nested.ExtraData["runs"] ?? 0) + 1;
            box.Value = (int)nested.ExtraData["runs"]!;
        },
    };

    [Fact]
    public void RunFlow_runs_the_tasks_on_a_nested_engine_with_the_current_token()
    {
        var engine = new FlowEngine<Box>();
        engine.Tasks.Replace(new() { RunFlow(new FlowList<Box> { (box, _) => box.Value += 1 }), (box, _) => box.Value *= 10 });
        var box = new Box(1);

        engine.Process([box]);

        Assert.Equal(20, box.Value);
    }

    [Fact]
    public void RunFlow_keeps_its_nested_engine_across_calls()
    {
        var engine = new FlowEngine<Box>();
        engine.Tasks.Replace(new() { RunFlow(CountInNestedEngine()) });
        Box[] boxes = [new(0), new(0), new(0)];

        engine.Process(boxes);

        Assert.Equal([1, 2, 3], boxes.Select(b => b.Value));
        Assert.False(engine.ExtraData.ContainsKey("runs"));
    }

    [Fact]
    public void RunFlow_with_reinit_creates_a_new_nested_engine_each_time()
    {
        var engine = new FlowEngine<Box>();
        engine.Tasks.Replace(new() { RunFlow(CountInNestedEngine(), reinit: true) });
        Box[] boxes = [new(0), new(0), new(0)];

        engine.Process(boxes);

        Assert.Equal([1, 1, 1], boxes.Select(b => b.Value));
    }

    [Fact]
    public void A_halt_in_the_nested_flow_halts_the_calling_engine()
    {
        var engine = new FlowEngine<Box>();
        engine.Tasks.Replace(new() { (_, _) => { }, RunFlow(Halt<Box>("inner halt", "fix-it")), (box, _) => box.Value = 99 });
        var box = new Box(0);

        var halt = Assert.Throws<HaltException>(() => engine.Process([box]));

        Assert.Equal(("inner halt", "fix-it"), (halt.Message, halt.Action));
        Assert.Equal([1], engine.State.CallbackPos);
        Assert.Equal(FlowStatus.Halted, engine.Status);
        Assert.Equal(0, box.Value);
    }

    [Fact]
    public void A_stop_in_the_nested_flow_stops_only_the_nested_engine()
    {
        var engine = new FlowEngine<Box>();
        engine.Tasks.Replace(new() { RunFlow(new FlowList<Box> { Stop<Box>(), (box, _) => box.Value = -1 }), (box, _) => box.Value += 5 });
        Box[] boxes = [new(0), new(0)];

        engine.Process(boxes);

        Assert.Equal([5, 5], boxes.Select(b => b.Value));
    }

    [Fact]
    public void An_error_in_the_nested_flow_fails_the_calling_task()
    {
        var engine = new FlowEngine<Box>();
        engine.Tasks.Replace(new() { RunFlow(new FlowList<Box> { (_, _) => throw new InvalidOperationException("inner") }) });

        var error = Assert.Throws<InvalidOperationException>(() => engine.Process([new Box(0)]));

        Assert.Equal("inner", error.Message);
    }
}
