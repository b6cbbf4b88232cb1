namespace Weft.Flow.Tests.FlowPatterns;

using static Weft.Flow.Patterns;

// A pattern given directly as a loop body (without a wrapping list) must stay a unit of its own: its breaks and
// jumps act on its own list, never on the loop around it.
public sealed class PatternAsBodyTests
{
    private static string Run(FlowList<List<string>> tasks)
    {
        var engine = new FlowEngine<List<string>>();
        engine.Tasks.Replace(tasks);
        var token = new List<string>();
        engine.Process([token]);
        return string.Join(" ", token);
    }

    private static string Item(FlowEngine<List<string>> engine, string key) => engine.ExtraData[key]!.ToJsonString().Trim('"');

    private static FlowAction<List<string>> Append(params string[] keys) =>
        (token, engine) => token.Add(string.Concat(keys.Select(key => Item(engine, key))));

    private static FlowAction<List<string>> Say(string word) => (token, _) => token.Add(word);

    private static FlowCondition<List<string>> ItemIs(string key, string value) => (_, engine) => Item(engine, key) == value;

    [Fact]
    public void For_given_directly_as_a_For_body_runs_for_every_outer_item()
    {
        var text = Run(new()
        {
            For<List<string>, string>(["a", "b"], "outer", For<List<string>, int>([1, 2, 3], "inner", Append("outer", "inner"))),
        });

        Assert.Equal("a1 a2 a3 b1 b2 b3", text);
    }

    [Fact]
    public void While_given_directly_as_a_For_body_runs_for_every_outer_item()
    {
        static int Done(List<string> token, FlowEngine<List<string>> engine) => token.Count(word => word.StartsWith(Item(engine, "outer"), StringComparison.Ordinal));
        var text = Run(new()
        {
            For<List<string>, string>(["a", "b"], "outer", While<List<string>>(
                (token, engine) => Done(token, engine) < 3,
                new FlowList<List<string>> { (token, engine) => token.Add($"{Item(engine, "outer")}{Done(token, engine) + 1}") })),
        });

        Assert.Equal("a1 a2 a3 b1 b2 b3", text);
    }

    [Fact]
    public void For_given_directly_as_a_While_body_runs_on_every_pass()
    {
        var passes = 0;
        var text = Run(new()
        {
            While<List<string>>((_, _) => passes++ < 2, For<List<string>, int>([1, 2], "n", Append("n"))),
            Say("after"),
        });

        Assert.Equal("1 2 1 2 after", text);
    }

    [Fact]
    public void For_loops_nest_three_deep_without_wrapping_lists()
    {
        var text = Run(new()
        {
            For<List<string>, string>(["a", "b"], "x", For<List<string>, int>([1, 2], "y", For<List<string>, string>(["p", "q"], "z", Append("x", "y", "z")))),
            Say("after"),
        });

        Assert.Equal("a1p a1q a2p a2q b1p b1q b2p b2q after", text);
    }

    [Fact]
    public void Break_in_a_directly_nested_loop_body_leaves_only_the_inner_loop()
    {
        var text = Run(new()
        {
            For<List<string>, string>(["a", "b"], "outer", For<List<string>, int>([1, 2, 3], "inner", new FlowList<List<string>>
            {
                Append("outer", "inner"),
                (_, engine) =>
                {
                    if (Item(engine, "inner") == "2")
                    {
                        engine.BreakCurrentLoop();
                    }
                },
            })),
            Say("after"),
        });

        Assert.Equal("a1 a2 b1 b2 after", text);
    }

    [Fact]
    public void If_given_directly_as_a_loop_body_skips_only_the_passes_where_it_does_not_hold()
    {
        var text = Run(new()
        {
            For<List<string>, string>(["1", "2", "3"], "n", If(ItemIs("n", "2"), Append("n"))),
            Say("after"),
        });

        Assert.Equal("2 after", text);
    }

    [Fact]
    public void IfNot_given_directly_as_a_loop_body_skips_only_the_passes_where_it_holds()
    {
        var text = Run(new()
        {
            For<List<string>, string>(["1", "2", "3"], "n", IfNot(ItemIs("n", "2"), Append("n"))),
            Say("after"),
        });

        Assert.Equal("1 3 after", text);
    }

    [Fact]
    public void IfElse_given_directly_as_a_loop_body_runs_a_branch_on_every_pass()
    {
        var text = Run(new()
        {
            For<List<string>, string>(["1", "2", "3"], "n", IfElse(ItemIs("n", "2"), Say("even"), Say("odd"))),
            Say("after"),
        });

        Assert.Equal("odd even odd after", text);
    }

    [Fact]
    public void Choice_given_directly_as_a_loop_body_runs_a_branch_on_every_pass()
    {
        var text = Run(new()
        {
            For<List<string>, string>(["x", "y", "x"], "n", Choice<List<string>>((_, engine) => Item(engine, "n"), ("x", Say("X")), ("y", Say("Y")))),
            Say("after"),
        });

        Assert.Equal("X Y X after", text);
    }

    [Fact]
    public void SimpleMerge_given_directly_as_a_loop_body_runs_on_every_pass()
    {
        var text = Run(new()
        {
            For<List<string>, string>(["1", "2"], "n", SimpleMerge<List<string>>(Append("n"), Say("skipped"), Say("merged"))),
        });

        Assert.Equal("1 merged 2 merged", text);
    }

    [Fact]
    public void A_halt_in_a_directly_nested_loop_resumes_both_loops_after_a_snapshot()
    {
        static FlowList<List<string>> Tasks() => new()
        {
            For<List<string>, string>(["a", "b"], "outer", For<List<string>, int>([1, 2], "inner", new FlowList<List<string>>
            {
                Append("outer", "inner"),
                (token, engine) =>
                {
                    if (token.Count == 3 && !token.Contains("resumed"))
                    {
                        engine.Halt("after b1");
                    }
                },
            })),
        };
        var engine = new FlowEngine<List<string>>();
        engine.Tasks.Replace(Tasks());
        Assert.Throws<HaltException>(() => engine.Process([[]]));
        var snapshot = FlowSnapshot.FromJson(engine.CreateSnapshot().ToJson());

        var revived = new FlowEngine<List<string>>();
        revived.Tasks.Replace(Tasks());
        revived.Restore(snapshot);
        revived.Tokens[0].Add("resumed");
        revived.Restart(RestartToken.Current, RestartTask.Next);

        Assert.Equal(["a1", "a2", "b1", "resumed", "b2"], revived.Tokens[0]);
    }

    [Fact]
    public void Break_in_a_plain_list_body_still_leaves_the_loop()
    {
        var text = Run(new()
        {
            For<List<string>, string>(["1", "2", "3"], "n", new FlowList<List<string>> { Append("n"), Break<List<string>>() }),
            Say("after"),
        });

        Assert.Equal("1 after", text);
    }
}
