using Weft.Engine.Workers;

namespace Weft.Storage.Tests.Conformance;

/// <summary>The workers seen: each worker's latest poll, kept while it is recent, with the jobs it holds now.</summary>
public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task A_recorded_poll_lists_the_worker_with_its_job_types_and_poll_time()
    {
        await RecordPollAsync(Store, "w1", ["double", "echo"], Time.GetUtcNow());

        var worker = Assert.Single(await Store.ListWorkersAsync(Time.GetUtcNow() - TimeSpan.FromHours(1)));

        Assert.Equal(("w1", Time.GetUtcNow(), 0), (worker.WorkerId, worker.LastPollAt, worker.JobsHeld));
        Assert.Equal(["double", "echo"], worker.JobTypes);
    }

    [Fact]
    public async Task A_later_poll_replaces_the_workers_job_types_and_poll_time()
    {
        await RecordPollAsync(Store, "w1", ["echo"], Time.GetUtcNow());
        var later = Time.GetUtcNow().AddMinutes(1);

        await RecordPollAsync(Store, "w1", ["double"], later);

        var worker = Assert.Single(await Store.ListWorkersAsync(Time.GetUtcNow()));
        Assert.Equal(("double", later), (Assert.Single(worker.JobTypes), worker.LastPollAt));
    }

    [Fact]
    public async Task An_earlier_poll_recorded_late_by_another_node_does_not_overwrite_a_later_one()
    {
        var later = Time.GetUtcNow().AddSeconds(5);
        await RecordPollAsync(Store, "w1", ["double"], later);

        await RecordPollAsync(SecondEngine.Store, "w1", ["echo"], Time.GetUtcNow());

        var worker = Assert.Single(await Store.ListWorkersAsync(Time.GetUtcNow()));
        Assert.Equal(("double", later), (Assert.Single(worker.JobTypes), worker.LastPollAt));
    }

    [Fact]
    public async Task Only_workers_that_polled_since_the_cutoff_are_listed()
    {
        var cutoff = Time.GetUtcNow();
        await RecordPollAsync(Store, "before", ["echo"], cutoff.AddMilliseconds(-1));
        await RecordPollAsync(Store, "at", ["echo"], cutoff);
        await RecordPollAsync(Store, "after", ["echo"], cutoff.AddMinutes(1));

        var listed = await Store.ListWorkersAsync(cutoff);

        Assert.Equal(["after", "at"], listed.Select(w => w.WorkerId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Recording_a_poll_forgets_the_workers_last_seen_before_the_given_time()
    {
        await RecordPollAsync(Store, "old", ["echo"], Time.GetUtcNow());
        var now = Time.GetUtcNow().AddHours(2);

        await RecordPollAsync(Store, "new", ["echo"], now, forgetBefore: now - TimeSpan.FromHours(1));

        Assert.Equal(["new"], (await Store.ListWorkersAsync(DateTimeOffset.UnixEpoch)).Select(w => w.WorkerId));
    }

    [Fact]
    public async Task A_worker_is_listed_after_its_poll_with_the_jobs_it_holds_now()
    {
        await DeployAsync(Linear());
        for (var i = 0; i < 3; i++)
        {
            await StartAsync("orders");
        }

        var held = await PollAsync("a", "w1", maxJobs: 2);
        await PollAsync("a", "w2", maxJobs: 1);
        await PollAsync("b", "w3", maxJobs: 1);
        await Engine.Workers.FlushAsync();

        Assert.Equal([("w1", 2), ("w2", 1), ("w3", 0)], (await Engine.Workers.ListAsync()).Select(w => (w.WorkerId, w.JobsHeld)));

        await Engine.Jobs.CompleteAsync(held[0].Job.Id, "w1", null);
        Assert.Equal(1, (await Engine.Workers.ListAsync()).Single(w => w.WorkerId == "w1").JobsHeld);
    }

    [Fact]
    public async Task A_poll_that_names_a_job_type_twice_still_claims_up_to_max_jobs()
    {
        await DeployAsync(Linear());
        await StartAsync("orders");
        await StartAsync("orders");

        var claimed = await Engine.Jobs.PollAsync(new Weft.Engine.Jobs.PollCommand(Worker, ["a", "b", "a"], 2));

        Assert.Equal(2, claimed.Select(c => c.Job.Id).Distinct().Count());
    }

    [Fact]
    public async Task A_worker_seen_on_one_node_is_listed_on_every_node_for_an_hour()
    {
        await SecondEngine.Jobs.PollAsync(new Weft.Engine.Jobs.PollCommand("w1", ["echo"], 1));
        await SecondEngine.Workers.FlushAsync();

        Assert.Equal("w1", Assert.Single(await Engine.Workers.ListAsync()).WorkerId);
        Time.Advance(TimeSpan.FromHours(1));
        Assert.Single(await Engine.Workers.ListAsync());
        Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Empty(await Engine.Workers.ListAsync());
    }

    private static async Task RecordPollAsync(
        Weft.Engine.Storage.IWeftStore store, string workerId, IReadOnlyList<string> jobTypes, DateTimeOffset at, DateTimeOffset? forgetBefore = null)
    {
        await using var transaction = await store.BeginAsync();
        await transaction.RecordWorkerPollAsync(new WorkerSighting(workerId, jobTypes, at), forgetBefore ?? DateTimeOffset.UnixEpoch);
        await transaction.CommitAsync();
    }
}
