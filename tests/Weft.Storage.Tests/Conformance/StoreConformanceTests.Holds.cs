using Weft.Engine.Selectors;

namespace Weft.Storage.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task A_held_step_is_not_claimed_nor_reported_ready_until_released()
    {
        await DeployAsync(OneStep("orders", Service("a", "end")));
        var held = await StartAsync("orders", businessKey: "held-1");
        var free = await StartAsync("orders", businessKey: "free-1");

        Assert.True(await Engine.Instances.HoldAsync(held.Id, "a"));
        Assert.False(await Engine.Instances.HoldAsync(held.Id, "a"));
        Assert.Equal(["a"], await Store.ListHeldStepsAsync(held.Id));

        var claimed = Assert.Single(await PollAsync("a"));
        Assert.Equal(free.Id, claimed.Job.InstanceId);
        Assert.Empty(await PollAsync("a"));
        Assert.False(await Store.AnyJobReadyAsync(["a"], Time.GetUtcNow()));
        var stats = await Store.GetStatsAsync(Time.GetUtcNow());
        Assert.Equal((0L, 1L, 1L), (stats.Jobs[0].Waiting, stats.Jobs[0].Locked, stats.Jobs[0].Held));

        Assert.True(await Engine.Instances.ReleaseAsync(held.Id, "a"));
        Assert.Empty(await Store.ListHeldStepsAsync(held.Id));
        Assert.True(await Store.AnyJobReadyAsync(["a"], Time.GetUtcNow()));
        Assert.Equal(held.Id, Assert.Single(await PollAsync("a")).Job.InstanceId);
    }

    [Fact]
    public async Task Holding_and_releasing_a_step_append_one_event_each_and_a_repeat_appends_none()
    {
        await DeployAsync(OneStep("orders", Service("a", "end")));
        var instance = await StartAsync("orders", businessKey: "held-1");
        var high = (await Store.Events.GetBoundsAsync()).HighWater;

        Assert.True(await Engine.Instances.HoldAsync(instance.Id, "a"));
        Assert.False(await Engine.Instances.HoldAsync(instance.Id, "a"));
        Assert.True(await Engine.Instances.ReleaseAsync(instance.Id, "a"));
        Assert.False(await Engine.Instances.ReleaseAsync(instance.Id, "a"));

        var events = await Store.Events.ReadAsync(high, null, Weft.Engine.Events.EventFilter.All, 100);
        Assert.Equal(["instance/held", "instance/released"], events.Select(e => $"{e.Topic}/{e.Kind}"));
        Assert.All(events, e => Assert.Equal(("a", instance.Id, "orders"), (e.StepId, e.EntityId, e.DefinitionId)));
        Assert.Equal("a", events[0].Data["stepId"]!.GetValue<string>());
        Assert.Equal("held-1", events[0].Data["businessKey"]!.GetValue<string>());
    }

    [Fact]
    public async Task Selectors_find_instances_by_id_prefix_business_key_and_glob()
    {
        await DeployAsync(OneStep("orders", Service("a", "end")));
        var first = await StartAsync("orders", businessKey: "order-1");
        var second = await StartAsync("orders", businessKey: "order-2");
        await StartAsync("orders", businessKey: "other_1");

        Assert.Equal([first.Id], (await Store.FindInstancesAsync(new InstancePattern(first.Id, false), 10)).Select(i => i.Id));
        Assert.Equal([first.Id], (await Store.FindInstancesAsync(new InstancePattern("order-1", false), 10)).Select(i => i.Id));
        Assert.Contains(second.Id, (await Store.FindInstancesAsync(new InstancePattern(second.Id[..30], false), 10)).Select(i => i.Id));
        Assert.Equal([second.Id, first.Id], (await Store.FindInstancesAsync(new InstancePattern("order-?", true), 10)).Select(i => i.Id));
        Assert.Empty(await Store.FindInstancesAsync(new InstancePattern("order_*", true), 10)); // _ is itself, not LIKE's any-character
        Assert.Single(await Store.FindInstancesAsync(new InstancePattern("*", true), 1));
    }
}
