using Weft.Engine;
using Weft.Engine.Instances;
using Weft.Engine.Selectors;

namespace Weft.Storage.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    /// <summary>
    /// Four orders in known states: order-1 runs step a (a worker holds its job), order-2 waits at a with b held ahead
    /// of time, order-3 completed a and waits at b, fail-1 (another definition) failed at charge.
    /// </summary>
    private async Task<(WorkflowInstance Running, WorkflowInstance Waiting, WorkflowInstance AtB, WorkflowInstance Failed)> SelectorFixtureAsync()
    {
        await DeployAsync(Linear());
        await DeployAsync(OneStep("payments", Service("charge", "end") with { RetryCount = 0 }));
        var atB = await StartAsync("orders", businessKey: "order-3");
        await Engine.Jobs.CompleteAsync((await PollOneAsync("a")).Id, Worker, null);
        var running = await StartAsync("orders", businessKey: "order-1");
        await PollOneAsync("a");
        var waiting = await StartAsync("orders", businessKey: "order-2");
        Assert.True(await Engine.Instances.HoldAsync(waiting.Id, "b"));
        var failed = await StartAsync("payments", businessKey: "fail-1");
        await Engine.Jobs.FailAsync((await PollOneAsync("charge")).Id, Worker, "declined", retryable: false);
        return (running, waiting, atB, failed);
    }

    private async Task<List<string>> SelectAsync(string selector)
    {
        var selection = await Engine.Selectors.ResolveAsync(Selector.Parse(selector));
        return [.. selection.Matched.SelectMany(m => m.StepIds.Select(s => $"{m.Instance.BusinessKey}/{s}")).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task A_selector_names_an_instance_by_exact_id_or_by_an_id_prefix()
    {
        var (running, _, _, _) = await SelectorFixtureAsync();

        Assert.Equal(["order-1/a"], await SelectAsync(running.Id));
        Assert.Equal(["order-1/a"], await SelectAsync($"{running.Id[..^2]}/*"));
    }

    [Fact]
    public async Task A_selector_names_an_instance_by_business_key_and_a_step_named_exactly_even_if_not_reached()
    {
        await SelectorFixtureAsync();

        Assert.Equal(["order-2/a", "order-2/b"], await SelectAsync("order-2")); // a where it is, b where it is held
        Assert.Equal(["order-1/b"], await SelectAsync("order-1/b"));
    }

    [Fact]
    public async Task An_instance_glob_matches_ids_and_business_keys_and_a_step_glob_narrows_the_steps()
    {
        var (_, _, atB, _) = await SelectorFixtureAsync();

        Assert.Equal(["order-1/a", "order-2/a", "order-2/b", "order-3/b"], await SelectAsync("order-?/*"));
        Assert.Equal(["order-2/b", "order-3/b"], await SelectAsync("order-*/b*"));
        Assert.Equal(["order-3/b"], await SelectAsync($"{atB.Id[..^3]}*/?"));
        Assert.Equal(["fail-1/charge", "order-1/a", "order-2/a", "order-2/b", "order-3/b"], await SelectAsync("*"));
    }

    [Theory]
    [InlineData("running", "order-1/a")]
    [InlineData("waiting", "order-2/a,order-3/b")]
    [InlineData("held", "order-2/b")]
    [InlineData("completed", "order-3/a")]
    [InlineData("failed", "fail-1/charge")]
    public async Task A_status_keeps_the_steps_in_that_state(string status, string expected)
    {
        await SelectorFixtureAsync();

        Assert.Equal(expected.Split(','), await SelectAsync($"*/*:{status}"));
    }

    [Fact]
    public async Task A_selector_that_matches_no_instance_says_which_kinds_of_name_it_tried()
    {
        await SelectorFixtureAsync();

        var byName = await Engine.Selectors.ResolveAsync(Selector.Parse("order-9/*"));
        var tooShortForAPrefix = await Engine.Selectors.ResolveAsync(Selector.Parse("ord"));
        var byGlob = await Engine.Selectors.ResolveAsync(Selector.Parse("zz*/a"));

        Assert.Empty(byName.Matched);
        Assert.Equal(new Unmatched("order-9/*", null, null, "no instance has the id, id prefix or business key 'order-9'"), Assert.Single(byName.Unmatched));
        Assert.Equal("no instance has the id or business key 'ord'", Assert.Single(tooShortForAPrefix.Unmatched).Reason);
        Assert.Equal("no instance id or business key matches 'zz*'", Assert.Single(byGlob.Unmatched).Reason);
    }

    [Fact]
    public async Task An_instance_without_a_step_in_the_state_asked_is_unmatched_with_where_it_is()
    {
        var (_, waiting, _, _) = await SelectorFixtureAsync();

        var selection = await Engine.Selectors.ResolveAsync(Selector.Parse("order-2/a:running"));

        Assert.Empty(selection.Matched);
        var unmatched = Assert.Single(selection.Unmatched);
        Assert.Equal(waiting.Id, unmatched.InstanceId);
        Assert.Equal($"instance '{waiting.Id}' (ACTIVE) has no step 'a' that is running; it is at 'a'", unmatched.Reason);
    }

    [Fact]
    public async Task A_selector_may_match_a_thousand_instances_but_not_one_more()
    {
        await DeployAsync(OneStep("bulk", Service("a", "end")));
        await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => StartAsync("bulk", businessKey: $"bulk-{i}")));

        Assert.Equal(1000, (await Engine.Selectors.ResolveAsync(Selector.Parse("bulk-*"))).Matched.Count);

        await StartAsync("bulk", businessKey: "bulk-1000");
        var refused = await AssertRefusedAsync(WeftErrorKind.Invalid, () => Engine.Selectors.ResolveAsync(Selector.Parse("bulk-*")));
        Assert.Equal(
            "The selector 'bulk-*' matches more than 1,000 instances; a command touches at most 1,000. Narrow it (a longer prefix, a business key, a status).",
            refused.Message);
        Assert.Single((await Engine.Selectors.ResolveAsync(Selector.Parse("bulk-1000"))).Matched);
    }
}
