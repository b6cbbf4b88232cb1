using System.Text.Json.Nodes;
using Weft.Flow.Tests.Support;

namespace Weft.Flow.Tests.FlowPatterns;

using static Weft.Flow.Patterns;

public sealed class LoopPatternTests
{
    private static FlowEngine<List<string>> Engine(FlowList<List<string>> tasks)
    {
        var engine = new FlowEngine<List<string>>();
        engine.Tasks.Replace(tasks);
        return engine;
    }

    private static FlowAction<List<string>> Append(string key) => (token, engine) => token.Add(engine.ExtraData[key]!.ToJsonString().Trim('"'));

    [Fact]
    public void While_repeats_its_body_while_the_condition_holds()
    {
        var count = 0;
        var engine = new FlowEngine<Box>();
        engine.Tasks.Replace(new()
        {
            While<Box>((box, _) => box.Value < 3, new FlowList<Box> { (box, _) => box.Value++, (_, _) => count++ }),
            (box, _) => box.Value *= 10,
        });
        var box = new Box(0);

        engine.Process([box]);

        Assert.Equal(30, box.Value);
        Assert.Equal(3, count);
    }

    [Fact]
    public void Break_in_a_While_body_leaves_the_loop()
    {
        var engine = new FlowEngine<Box>();
        engine.Tasks.Replace(new()
        {
            While<Box>((_, _) => true, new FlowList<Box>
            {
                (box, _) => box.Value++,
                If<Box>((box, _) => box.Value == 4, Break<Box>()),
                (box, engine) =>
                {
                    if (box.Value == 5)
                    {
                        engine.BreakCurrentLoop();
                    }
                },
            }),
            (box, _) => box.Value += 100,
        });
        var box = new Box(0);

        engine.Process([box]);

        // Break inside If leaves only the If's branch (as in the original); the body-level break leaves the loop.
        Assert.Equal(105, box.Value);
    }

    [Fact]
    public void For_sets_each_item_and_the_key_holds_the_last_item_after_the_loop()
    {
        var engine = Engine(new() { For<List<string>, string>(["a", "b", "c"], "item", new FlowList<List<string>> { Append("item") }), Append("item") });
        var token = new List<string>();

        engine.Process([token]);

        Assert.Equal(["a", "b", "c", "c"], token);
    }

    [Fact]
    public void For_descending_walks_from_the_end()
    {
        var engine = Engine(new() { For<List<string>, int>([1, 2, 3], "n", Append("n"), descending: true) });
        var token = new List<string>();

        engine.Process([token]);

        Assert.Equal(["3", "2", "1"], token);
    }

    [Fact]
    public void For_reevaluates_its_items_on_each_pass_unless_cached()
    {
        var items = new List<int> { 1, 2 };
        var dynamicLoop = Engine(new()
        {
            For<List<string>, int>((_, _) => items, "n", new FlowList<List<string>> { Append("n"), (_, _) => { if (items.Count < 4) { items.Add(items.Count + 1); } } }),
        });
        var token = new List<string>();
        dynamicLoop.Process([token]);
        Assert.Equal(["1", "2", "3", "4"], token);

        items = [1, 2];
        var cachedLoop = Engine(new()
        {
            For<List<string>, int>((_, _) => items, "n", new FlowList<List<string>> { Append("n"), (_, _) => items.Add(99) }, cacheItems: true),
        });
        var cachedToken = new List<string>();
        cachedLoop.Process([cachedToken]);
        Assert.Equal(["1", "2"], cachedToken);
    }

    [Fact]
    public void For_with_a_setter_hands_each_item_to_it()
    {
        var engine = new FlowEngine<List<int>>();
        engine.Tasks.Replace(new() { For<List<int>, int>([5, 6], (token, _, item) => token.Add(item * 2), new FlowList<List<int>>()) });
        var token = new List<int>();

        engine.Process([token]);

        Assert.Equal([10, 12], token);
    }

    [Fact]
    public void Nested_For_loops_keep_separate_state()
    {
        var engine = Engine(new()
        {
            For<List<string>, int>([1, 2], "outer", new FlowList<List<string>>
            {
                For<List<string>, string>(["a", "b"], "inner", new FlowList<List<string>>
                {
                    (token, engine) => token.Add($"{engine.ExtraData["outer"]}{engine.ExtraData["inner"]!.GetValue<string>()}"),
                }),
            }),
        });
        var first = new List<string>();
        var second = new List<string>();

        engine.Process([first, second]);

        Assert.Equal(["1a", "1b", "2a", "2b"], first);
        Assert.Equal(["1a", "1b", "2a", "2b"], second);
        Assert.False(engine.ExtraData.ContainsKey("_loops") && engine.ExtraData["_loops"]!.AsObject().Count > 0);
    }

    [Fact]
    public void A_For_left_by_a_Break_starts_again_from_its_first_item_when_it_is_entered_again()
    {
        var engine = Engine(new()
        {
            For<List<string>, string>(["a", "b"], "outer", new FlowList<List<string>>
            {
                For<List<string>, int>([1, 2, 3], "inner", new FlowList<List<string>>
                {
                    (token, engine) => token.Add($"{engine.ExtraData["outer"]!.GetValue<string>()}{engine.ExtraData["inner"]}"),
                    (_, engine) =>
                    {
                        if ((int)engine.ExtraData["inner"]! == 2)
                        {
                            engine.BreakCurrentLoop();
                        }
                    },
                }),
            }),
        });
        var token = new List<string>();

        engine.Process([token]);

        Assert.Equal(["a1", "a2", "b1", "b2"], token);
        Assert.Empty(engine.ExtraData["_loops"]!.AsObject());
    }

    [Fact]
    public void For_over_no_items_never_runs_its_body()
    {
        var engine = Engine(new() { For<List<string>, int>([], "n", Append("n")), (token, _) => token.Add("after") });
        var token = new List<string>();

        engine.Process([token]);

        Assert.Equal(["after"], token);
    }

    [Fact]
    public void For_resumes_mid_loop_in_a_new_engine_restored_from_a_snapshot()
    {
        FlowList<List<string>> Tasks() => new()
        {
            For<List<string>, string>(["a", "b", "c"], "item", new FlowList<List<string>>
            {
                Append("item"),
                (token, engine) =>
                {
                    if (token.Count == 2 && !token.Contains("resumed"))
                    {
                        engine.Halt("after b");
                    }
                },
            }),
        };
        var engine = Engine(Tasks());
        Assert.Throws<HaltException>(() => engine.Process([new List<string>()]));
        var snapshot = FlowSnapshot.FromJson(engine.CreateSnapshot().ToJson());

        var revived = Engine(Tasks());
        revived.Restore(snapshot);
        revived.Tokens[0].Add("resumed");
        revived.Restart(RestartToken.Current, RestartTask.Next);

        Assert.Equal(["a", "b", "resumed", "c"], revived.Tokens[0]);
    }

    [Fact]
    public void A_token_started_from_its_first_task_does_not_inherit_a_halted_loop()
    {
        var engine = Engine(new()
        {
            For<List<string>, string>(["a", "b", "c"], "item", new FlowList<List<string>>
            {
                Append("item"),
                (token, engine) =>
                {
                    if (token.Count == 1 && engine.State.TokenPos == 0)
                    {
                        engine.Halt("first item only");
                    }
                },
            }),
        });
        Assert.Throws<HaltException>(() => engine.Process([[], []]));

        engine.Restart(RestartToken.Next, RestartTask.First);

        Assert.Equal(["a", "b", "c"], engine.Tokens[1]);
    }

    [Fact]
    public void ExtraData_persists_across_Process_calls()
    {
        var engine = new FlowEngine<Box>();
        engine.Tasks.Replace(new() { (_, engine) => engine.ExtraData["runs"] = ((int?)engine.ExtraData["runs"] ?? 0) + 1 });

        engine.Process([new Box(0)]);
        engine.Process([new Box(0), new Box(0)]);

        Assert.Equal(3, (int)engine.ExtraData["runs"]!);
        Assert.IsType<JsonObject>(engine.ExtraData);
    }
}
