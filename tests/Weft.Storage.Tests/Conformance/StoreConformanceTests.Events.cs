using Weft.Engine.Events;
using Weft.Engine.Instances;

namespace Weft.Storage.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    private static DomainEvent Note(string instanceId, string kind, DateTimeOffset at, string? definitionId = "orders") => new()
    {
        At = at,
        Topic = EventTopics.Instance,
        Kind = kind,
        InstanceId = instanceId,
        DefinitionId = definitionId,
        EntityId = instanceId,
        Data = Json("""{"status": "ACTIVE"}"""),
    };

    private async Task<IReadOnlyList<DomainEvent>> AllEventsAsync(EventFilter? filter = null) =>
        await Store.Events.ReadAsync(0, null, filter ?? EventFilter.All, 1000);

    [Fact]
    public async Task A_run_appends_its_events_in_the_order_it_made_them()
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders", businessKey: "order-1");
        var job = await PollOneAsync("a");
        await Engine.Jobs.ReportProgressAsync(job.Id, Worker, 50, "half");
        await Engine.Jobs.HeartbeatAsync(job.Id, Worker);
        await Engine.Jobs.CompleteAsync(job.Id, Worker, null);

        var events = await AllEventsAsync();
        Assert.Equal(
            ["instance/started", "token/created", "job/created", "job/locked", "progress/reported", "job/completed", "token/active", "job/created"],
            events.Select(e => $"{e.Topic}/{e.Kind}"));
        Assert.All(events, e => Assert.Equal(instance.Id, e.InstanceId));
        Assert.All(events, e => Assert.Equal("orders", e.DefinitionId)); // a claim's events get it from the instance
        Assert.Equal(events.Select(e => e.Seq).Order(), events.Select(e => e.Seq));
        Assert.Equal(events.Count, events.Select(e => e.Seq).Distinct().Count());
        Assert.Equal(Time.GetUtcNow(), events[0].At);
        Assert.Equal("order-1", events[0].Data["businessKey"]!.GetValue<string>());
        Assert.Equal(Worker, events[3].Data["workerId"]!.GetValue<string>());
        Assert.Equal(50, events[4].Data["percent"]!.GetValue<double>());
        Assert.Equal(job.Id, events[5].EntityId);
        Assert.Equal("a", events[5].StepId);
    }

    [Fact]
    public async Task A_rolled_back_transaction_leaves_no_event()
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders");
        var before = await AllEventsAsync();

        await using (var transaction = await Store.BeginAsync())
        {
            await transaction.AppendEventsAsync([Note(instance.Id, "suspended", Time.GetUtcNow())]);
        }

        Assert.Equal(before.Select(e => e.Seq), (await AllEventsAsync()).Select(e => e.Seq));
    }

    [Fact]
    public async Task Events_of_a_savepoint_rolled_back_are_dropped_and_the_others_kept()
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders");
        var high = (await Store.Events.GetBoundsAsync()).HighWater;

        await using (var transaction = await Store.BeginAsync())
        {
            await transaction.SavepointAsync();
            await transaction.AppendEventsAsync([Note(instance.Id, "kept-1", Time.GetUtcNow())]);
            await transaction.ReleaseSavepointAsync();
            await transaction.SavepointAsync();
            await transaction.AppendEventsAsync([Note(instance.Id, "dropped", Time.GetUtcNow())]);
            await transaction.RollbackToSavepointAsync();
            await transaction.SavepointAsync();
            await transaction.AppendEventsAsync([Note(instance.Id, "kept-2", Time.GetUtcNow(), definitionId: null)]);
            await transaction.ReleaseSavepointAsync();
            await transaction.CommitAsync();
        }

        var added = await Store.Events.ReadAsync(high, null, EventFilter.All, 100);
        Assert.Equal(["kept-1", "kept-2"], added.Select(e => e.Kind));
        Assert.Equal("orders", added[1].DefinitionId);
    }

    [Fact]
    public async Task Reads_after_a_seq_follow_seq_order_filters_and_limits()
    {
        await DeployAsync(Linear());
        await DeployAsync(Linear("other"));
        var first = await StartAsync("orders");
        var second = await StartAsync("other");
        var third = await StartAsync("orders");
        var all = await AllEventsAsync();

        var afterFirst = await Store.Events.ReadAsync(all[1].Seq, null, EventFilter.All, 2);
        Assert.Equal(all.Skip(2).Take(2).Select(e => e.Seq), afterFirst.Select(e => e.Seq));

        var ofOrders = await AllEventsAsync(new EventFilter(DefinitionId: "orders"));
        Assert.Equal(all.Where(e => e.InstanceId != second.Id).Select(e => e.Seq), ofOrders.Select(e => e.Seq));

        var ofThird = await AllEventsAsync(new EventFilter(InstanceId: third.Id));
        Assert.NotEmpty(ofThird);
        Assert.All(ofThird, e => Assert.Equal(third.Id, e.InstanceId));

        var upTo = await Store.Events.ReadAsync(0, all[2].Seq, EventFilter.All, 100);
        Assert.Equal(3, upTo.Count);
        Assert.Empty(await AllEventsAsync(new EventFilter("other", first.Id)));
        Assert.Equal(all[^1].Seq, (await Store.Events.GetBoundsAsync()).HighWater);
    }

    [Fact]
    public async Task Retention_deletes_the_oldest_events_in_batches_and_marks_how_far()
    {
        await DeployAsync(Linear());
        await StartAsync("orders");
        await StartAsync("orders");
        var old = await AllEventsAsync();
        Time.Advance(TimeSpan.FromHours(2));
        await StartAsync("orders");
        var all = await AllEventsAsync();
        var cutoff = Time.GetUtcNow() - TimeSpan.FromHours(1);

        Assert.Equal(2, await Store.Events.DeleteOlderAsync(cutoff, 2));
        Assert.Equal(all[1].Seq, (await Store.Events.GetBoundsAsync()).PurgedThrough);
        Assert.Equal(old.Count - 2, await Store.Events.DeleteOlderAsync(cutoff, 1000));
        Assert.Equal(0, await Store.Events.DeleteOlderAsync(cutoff, 1000));

        var bounds = await Store.Events.GetBoundsAsync();
        Assert.Equal(old[^1].Seq, bounds.PurgedThrough);
        Assert.Equal(all[^1].Seq, bounds.HighWater);
        Assert.Equal(all.Skip(old.Count).Select(e => e.Seq), (await AllEventsAsync()).Select(e => e.Seq));
    }

    [Fact]
    public async Task The_engine_prunes_by_its_retention_and_a_reader_below_the_mark_missed_the_window()
    {
        await DeployAsync(Linear());
        await StartAsync("orders");
        var first = await AllEventsAsync();
        Time.Advance(Options.EventRetention + TimeSpan.FromMinutes(1));
        await StartAsync("orders");

        Assert.Equal(first.Count, await Engine.Events.PruneAsync());
        Assert.Equal(EventResume.WindowMissed, await Engine.Events.CheckResumeAsync(0));
        Assert.Equal(EventResume.Continue, await Engine.Events.CheckResumeAsync(first[^1].Seq));
        var high = await Engine.Events.HighWaterAsync();
        Assert.Equal(EventResume.Continue, await Engine.Events.CheckResumeAsync(high));
        Assert.Equal(EventResume.BeyondHighWater, await Engine.Events.CheckResumeAsync(high + 1));
    }

    [Fact]
    public async Task A_snapshot_counts_by_status_and_lists_unfinished_instances_newest_first()
    {
        await DeployAsync(Linear());
        await DeployAsync(Linear("other"));
        var older = await StartAsync("orders", businessKey: "k1");
        Time.Advance(TimeSpan.FromSeconds(1));
        var newer = await StartAsync("orders");
        var cancelled = await StartAsync("orders");
        await Engine.Instances.CancelAsync(cancelled.Id, "test");
        await StartAsync("other");

        var snapshot = await Store.Events.GetSnapshotAsync(new EventFilter(DefinitionId: "orders"), 1);
        Assert.Equal(2, snapshot.Counts[InstanceStatus.Active]);
        Assert.Equal(1, snapshot.Counts[InstanceStatus.Cancelled]);
        Assert.Equal(newer.Id, Assert.Single(snapshot.Instances).Id);
        Assert.True(snapshot.Truncated);
        Assert.Equal((await Store.Events.GetBoundsAsync()).HighWater, snapshot.HighWater);

        var whole = await Store.Events.GetSnapshotAsync(new EventFilter(DefinitionId: "orders"), 10);
        Assert.False(whole.Truncated);
        Assert.Equal([newer.Id, older.Id], whole.Instances.Select(i => i.Id));
        Assert.Equal("k1", whole.Instances[1].BusinessKey);
        Assert.Equal(["a"], whole.Instances[1].CurrentStepIds);

        var one = await Store.Events.GetSnapshotAsync(new EventFilter(InstanceId: older.Id), 10);
        Assert.Equal(1, Assert.Single(one.Counts).Value);
    }

    [Fact]
    public async Task Counts_for_the_metrics_tell_waiting_and_locked_jobs_and_due_timers()
    {
        await DeployAsync(Linear());
        await StartAsync("orders");
        await StartAsync("orders");
        Assert.Single(await PollAsync("a", maxJobs: 1));

        var counts = await Store.Events.GetCountsAsync(Time.GetUtcNow());
        Assert.Equal(2, counts.Instances[InstanceStatus.Active]);
        Assert.Equal(1, counts.JobsWaiting);
        Assert.Equal(1, counts.JobsLocked);
        Assert.Equal(0, counts.TimersDue);
    }

    [Fact]
    public async Task A_subscriber_gets_what_it_missed_then_new_events_as_they_commit_on_either_node()
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders");
        var missed = await AllEventsAsync();
        await using var subscription = await Engine.Events.SubscribeAsync(EventFilter.All, 0);

        var received = new List<DomainEvent>();
        for (var i = 0; i < missed.Count; i++)
        {
            received.Add(await subscription.Events.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        }

        Assert.Equal(missed.Select(e => e.Seq), received.Select(e => e.Seq));

        await PollOneAsync("a");
        var locked = await subscription.Events.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("locked", locked.Kind);

        // The second node's commit reaches this node's reader through the table (a notice, or the reader's poll each
        // second of the engine's clock).
        await SecondEngine.Instances.CancelAsync(instance.Id, "from node 2");
        var pending = subscription.Events.ReadAsync().AsTask();
        for (var i = 0; i < 100 && !pending.IsCompleted; i++)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(pending, Task.Delay(100));
        }

        var next = await pending.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(next.Seq > locked.Seq);
        Assert.Equal(instance.Id, next.InstanceId);
        Assert.Equal("cancelled", next.Kind);
    }

    [Fact]
    public async Task A_subscriber_that_falls_behind_its_buffer_is_dropped_as_overflowed()
    {
        await DeployAsync(Linear());
        await using var subscription = await Engine.Events.SubscribeAsync(EventFilter.All, await Engine.Events.HighWaterAsync(), buffer: 2);

        // While it catches up from the table it is only slowed down; once live, the loop never waits for it.
        for (var i = 0; i < 500 && !subscription.Live; i++)
        {
            await Task.Delay(10);
        }

        Assert.True(subscription.Live);
        await StartAsync("orders");
        await StartAsync("orders");

        var drained = 0;
        while (await subscription.Events.WaitToReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)))
        {
            while (subscription.Events.TryRead(out _))
            {
                drained++;
            }
        }

        Assert.True(subscription.Overflowed);
        Assert.Equal(2, drained);
    }
}
