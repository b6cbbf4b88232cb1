using Weft.Flow.Tests.Support;

namespace Weft.Flow.Tests.FlowPatterns;

using static Weft.Flow.Patterns;

public sealed class ConditionPatternTests
{
    private readonly TraceTasks _t = new();

    private string Run(FlowList<Trace> tasks, int tokens = 1)
    {
        var engine = new FlowEngine<Trace>();
        engine.Tasks.Replace(tasks);
        engine.Process(TraceTasks.Tokens(tokens));
        return _t.Text;
    }

    private static FlowCondition<Trace> Is(string name) => (token, _) => token.Name == name;

    [Fact]
    public void If_runs_its_tasks_only_when_the_condition_holds()
    {
        var text = Run(new() { If(Is("t1"), new FlowList<Trace> { _t.Rec("x"), _t.Rec("y") }), _t.Rec("z") }, tokens: 2);

        Assert.Equal("t0:z t1:x t1:y t1:z", text);
    }

    [Fact]
    public void IfNot_runs_its_tasks_only_when_the_condition_does_not_hold()
    {
        var text = Run(new() { IfNot(Is("t1"), _t.Rec("x")), _t.Rec("z") }, tokens: 2);

        Assert.Equal("t0:x t0:z t1:z", text);
    }

    [Fact]
    public void IfElse_runs_one_branch_or_the_other()
    {
        var text = Run(new() { IfElse(Is("t1"), new FlowList<Trace> { _t.Rec("then") }, new FlowList<Trace> { _t.Rec("else1"), _t.Rec("else2") }), _t.Rec("z") }, tokens: 2);

        Assert.Equal("t0:else1 t0:else2 t0:z t1:then t1:z", text);
    }

    [Fact]
    public void IfElse_requires_both_branches()
    {
        Assert.Throws<ArgumentNullException>(() => IfElse(Is("t0"), _t.Rec("x"), null!));
        Assert.Throws<ArgumentNullException>(() => IfElse(Is("t0"), null!, _t.Rec("x")));
    }

    [Fact]
    public void If_branch_given_as_a_sequence_keeps_the_condition_arithmetic()
    {
        var text = Run(new() { IfElse(Is("t0"), new FlowSequence<Trace> { _t.Rec("a"), _t.Rec("b") }, _t.Rec("c")), _t.Rec("z") });

        Assert.Equal("t0:a t0:b t0:z", text);
    }

    public static TheoryData<object?, object?, string, bool> Comparisons => new()
    {
        { 1, 1, "==", true },
        { 1, 1L, "==", true },
        { 1, 1.0, "eq", true },
        { 2, 1, ">", true },
        { 1, 1, ">=", true },
        { 1, 2.5, "<", true },
        { 3L, 2, "<=", false },
        { "b", "a", "gt", true },
        { "abc", "abd", "lt", true },
        { "abc", "b", "in", true },
        { "abc", "x", "in", false },
        { new List<int> { 0, 1 }, new List<int> { 0, 1, 0, 1 }, "<", true },
        { new List<int> { 0, 1, 0, 1 }, new List<int> { 0, 1, 0, 1 }, "<", false },
        { new List<int> { 0, 2 }, new List<int> { 0, 1, 0, 1 }, ">", true },
        { new List<int> { 1, 2 }, new[] { 1, 2 }, "==", true },
        { new List<int> { 1, 2, 3 }, 2, "in", true },
        { new List<int> { 1, 2, 3 }, 4, "in", false },
        { new Dictionary<string, int> { ["k"] = 1 }, "k", "in", true },
        { null, null, "==", true },
        { null, 1, "==", false },
    };

    [Theory]
    [MemberData(nameof(Comparisons))]
    public void Cmp_compares_like_the_original(object? a, object? b, string op, bool expected)
    {
        var condition = Cmp<Trace>(a, b, op);

        Assert.Equal(expected, condition(new Trace("t0"), new FlowEngine<Trace>()));
    }

    [Fact]
    public void Cmp_resolves_sides_while_they_are_functions()
    {
        FlowValue<Trace> inner = (token, _) => token.Name;
        var condition = Cmp<Trace>((_, _) => inner, (token, _) => "t" + "0", "==");

        Assert.True(condition(new Trace("t0"), new FlowEngine<Trace>()));
        Assert.False(condition(new Trace("t1"), new FlowEngine<Trace>()));
    }

    [Fact]
    public void Cmp_rejects_an_unknown_operator()
    {
        var error = Assert.Throws<ArgumentException>(() => Cmp<Trace>(1, 2, "!="));

        Assert.Contains("!=", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cmp_that_cannot_order_its_sides_fails_the_task()
    {
        var engine = new FlowEngine<Trace>();
        engine.Tasks.Replace(new() { If(Cmp<Trace>(new object(), 1, "<"), _t.Rec("x")) });

        Assert.Throws<ArgumentException>(() => engine.Process(TraceTasks.Tokens(1)));
    }

    [Fact]
    public void Choice_runs_the_branch_of_the_arbiters_value()
    {
        var text = Run(new()
        {
            Choice<Trace>(
                (token, _) => token.Name,
                ("t0", _t.Rec("zero")),
                ("t1", new FlowList<Trace> { _t.Rec("one"), _t.Rec("uno") }),
                ("t2", Stop<Trace>())),
            _t.Rec("after"),
        }, tokens: 4);

        Assert.Equal("t0:zero t0:after t1:one t1:uno t1:after", text);
    }

    [Fact]
    public void Choice_with_an_unknown_value_is_an_error_that_names_it()
    {
        var engine = new FlowEngine<Trace>();
        engine.Tasks.Replace(new() { Choice<Trace>((_, _) => "mystery", ("known", _t.Rec("x"))) });

        var error = Assert.Throws<KeyNotFoundException>(() => engine.Process(TraceTasks.Tokens(1)));

        Assert.Contains("mystery", error.Message, StringComparison.Ordinal);
        Assert.Equal(FlowStatus.Error, engine.Status);
    }

    [Fact]
    public void Choice_rejects_two_branches_for_one_value()
    {
        Assert.Throws<ArgumentException>(() => Choice<Trace>((_, _) => 1, (1, _t.Rec("a")), (1L, _t.Rec("b"))));
    }

    [Fact]
    public void SimpleMerge_runs_the_first_branch_then_the_final_task()
    {
        var text = Run(new() { SimpleMerge(_t.Rec("b1"), new FlowList<Trace> { _t.Rec("b2") }, _t.Rec("b3"), _t.Rec("final")), _t.Rec("z") });

        Assert.Equal("t0:b1 t0:final t0:z", text);
    }

    [Fact]
    public void SimpleMerge_needs_a_branch_and_a_final_task()
    {
        Assert.Throws<ArgumentException>(() => SimpleMerge(_t.Rec("only")));
    }

    [Fact]
    public void TaskJumpForward_skips_tasks_and_TaskJumpBack_repeats_them()
    {
        var text = Run(new() { _t.Rec("a"), TaskJumpForward<Trace>(2), _t.Rec("skipped"), _t.Rec("b") });
        Assert.Equal("t0:a t0:b", text);

        _t.Log.Clear();
        var text2 = Run(new() { _t.Rec("a"), _t.Once("j", "t0", e => e.JumpCall(1)), While<Trace>((_, _) => false, _t.Rec("never")) });
        Assert.Equal("t0:a t0:j", text2);

        Assert.Throws<ArgumentOutOfRangeException>(() => TaskJumpBack<Trace>(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TaskJumpForward<Trace>(-1));
    }

    [Fact]
    public void Break_Stop_and_Halt_patterns_do_what_their_controls_do()
    {
        Assert.Equal("t0:a t0:c", Run(new() { new FlowList<Trace> { _t.Rec("a"), Break<Trace>(), _t.Rec("b") }, _t.Rec("c") }));

        _t.Log.Clear();
        Assert.Equal("t0:a", Run(new() { _t.Rec("a"), Stop<Trace>(), _t.Rec("b") }, tokens: 2));

        var engine = new FlowEngine<Trace>();
        engine.Tasks.Replace(new() { Halt<Trace>("why", "act") });
        var halt = Assert.Throws<HaltException>(() => engine.Process(TraceTasks.Tokens(1)));
        Assert.Equal(("why", "act"), (halt.Message, halt.Action));
        Assert.Equal("Halt", engine.CurrentTaskName);
    }
}
