using Weft.Engine;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;

namespace Weft.Storage.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Expired_lease_is_taken_back_at_the_cost_of_a_retry()
    {
        await DeployAsync(OneStep("orders", Service("a", "end") with { RetryCount = 1 }));
        var instance = await StartAsync("orders");
        var lost = await PollOneAsync("a", "worker-1");
        Time.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(1, (await Engine.Jobs.ExpireLeasesAsync()).Handled);

        var job = await StoredJobAsync(lost.Id);
        Assert.Equal((JobStatus.Unlocked, 0), (job.Status, job.RetriesRemaining));
        Assert.Null(job.LockToken);
        Assert.Contains("lease of worker 'worker-1' expired", job.LastError, StringComparison.Ordinal);
        Assert.Equal(Time.GetUtcNow() + TimeSpan.FromSeconds(1), job.RunAt);
        var history = await Store.GetHistoryAsync(instance.Id);
        Assert.Equal([(1, StepExecutionStatus.Failed), (2, StepExecutionStatus.Running)], history.Select(e => (e.AttemptNumber, e.Status)));
        Assert.Equal(InstanceStatus.Active, (await StoredInstanceAsync(instance.Id)).Status);

        Time.Advance(TimeSpan.FromSeconds(1));
        var reclaimed = await PollOneAsync("a", "worker-2");
        Assert.Equal(lost.Id, reclaimed.Id);
        Assert.NotEqual(lost.LockToken, reclaimed.LockToken);
        await AssertRefusedAsync(WeftErrorKind.Conflict, () => Engine.Jobs.CompleteAsync(lost.Id, "worker-1", null));
        await Engine.Jobs.CompleteAsync(reclaimed.Id, "worker-2", null);
        Assert.Equal(InstanceStatus.Completed, (await StoredInstanceAsync(instance.Id)).Status);
    }

    [Fact]
    public async Task Expired_lease_without_retries_left_fails_the_instance()
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders");
        var job = await PollOneAsync("a");
        Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(1, (await Engine.Jobs.ExpireLeasesAsync()).Handled);

        var failed = await StoredInstanceAsync(instance.Id);
        Assert.Equal(InstanceStatus.Failed, failed.Status);
        Assert.StartsWith("Step 'a' failed after 1 attempt(s): The lease of worker 'worker-1' expired", failed.FailureReason, StringComparison.Ordinal);
        Assert.Equal(JobStatus.Failed, (await StoredJobAsync(job.Id)).Status);
        Assert.Equal(0, (await Engine.Jobs.ExpireLeasesAsync()).Handled);
    }

    [Fact]
    public async Task Unexpired_leases_are_left_alone()
    {
        await DeployAsync(Linear());
        await StartAsync("orders");
        await StartAsync("orders");
        var early = Assert.Single(await PollAsync("a", "worker-1", maxJobs: 1)).Job;
        Time.Advance(TimeSpan.FromSeconds(10));
        var late = await PollOneAsync("a", "worker-2");
        Time.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(0, (await Engine.Jobs.ExpireLeasesAsync()).Handled);

        Assert.Equal(early, await Store.GetJobAsync(early.Id));
        Assert.Equal(late, await Store.GetJobAsync(late.Id));
        Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, (await Engine.Jobs.ExpireLeasesAsync()).Handled);
        Assert.Equal(JobStatus.Failed, (await StoredJobAsync(early.Id)).Status);
        Assert.Equal(late, await Store.GetJobAsync(late.Id));
        await Engine.Jobs.CompleteAsync(late.Id, "worker-2", null);
    }

    [Fact]
    public async Task Heartbeat_extends_the_lease()
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders");
        var job = await PollOneAsync("a");
        Time.Advance(TimeSpan.FromSeconds(20));

        var expiresAt = await Engine.Jobs.HeartbeatAsync(job.Id, Worker);

        Assert.Equal(Time.GetUtcNow() + TimeSpan.FromSeconds(30), expiresAt);
        var stored = await StoredJobAsync(job.Id);
        Assert.Equal(expiresAt, stored.LockExpiresAt);
        Assert.Equal((job.LockToken, job.LockedAt, JobStatus.Locked), (stored.LockToken, stored.LockedAt, stored.Status));
        Time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(0, (await Engine.Jobs.ExpireLeasesAsync()).Handled);
        await Engine.Jobs.CompleteAsync(job.Id, Worker, null);
        Assert.Equal("b", (await StoredInstanceAsync(instance.Id)).CurrentStepIds.Single());
    }

    [Fact]
    public async Task Heartbeat_by_another_worker_is_a_conflict_and_changes_nothing()
    {
        await DeployAsync(Linear());
        await StartAsync("orders");
        var job = await PollOneAsync("a");

        await AssertRefusedAsync(WeftErrorKind.Conflict, () => Engine.Jobs.HeartbeatAsync(job.Id, "worker-2"), "held by worker 'worker-1'");

        Assert.Equal(job, await Store.GetJobAsync(job.Id));
    }

    [Fact]
    public async Task Heartbeat_by_the_holder_after_its_lease_ran_out_renews_it_if_no_one_took_the_job()
    {
        await DeployAsync(OneStep("orders", Service("a", "end") with { RetryCount = 1 }));
        await StartAsync("orders");
        var job = await PollOneAsync("a");
        Time.Advance(TimeSpan.FromSeconds(31));

        var renewed = await Engine.Jobs.HeartbeatAsync(job.Id, Worker);

        Assert.Equal(Time.GetUtcNow() + TimeSpan.FromSeconds(30), renewed);
        Assert.Equal(0, (await Engine.Jobs.ExpireLeasesAsync()).Handled);
        Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1, (await Engine.Jobs.ExpireLeasesAsync()).Handled);
        await AssertRefusedAsync(WeftErrorKind.Conflict, () => Engine.Jobs.HeartbeatAsync(job.Id, Worker), "not locked by worker 'worker-1'");
    }

    [Fact]
    public async Task A_lease_asked_for_in_the_poll_is_the_one_heartbeats_extend_and_expiry_counts()
    {
        await DeployAsync(OneStep("orders", Service("a", "end") with { RetryCount = 1 }));
        await StartAsync("orders");
        var job = Assert.Single(await Engine.Jobs.PollAsync(new PollCommand(Worker, ["a"], 1, LeaseSeconds: 10))).Job;
        Assert.Equal(Time.GetUtcNow().AddSeconds(10), job.LockExpiresAt);

        Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(Time.GetUtcNow().AddSeconds(10), await Engine.Jobs.HeartbeatAsync(job.Id, Worker));
        Time.Advance(TimeSpan.FromSeconds(10.001));

        Assert.Equal(1, (await Engine.Jobs.ExpireLeasesAsync()).Handled);
        Time.Advance(TimeSpan.FromMinutes(1));
        var next = Assert.Single(await PollAsync("a")).Job;
        Assert.Equal(Time.GetUtcNow().AddSeconds(30), next.LockExpiresAt); // the next claim asked for nothing: the step's lease
    }

    [Fact]
    public async Task A_lease_that_ran_out_while_no_engine_was_running_gets_one_more_lease_after_the_start()
    {
        await DeployAsync(OneStep("orders", Service("a", "end") with { Timeout = "PT5S" }));
        var instance = await StartAsync("orders");
        var job = await PollOneAsync("a");
        Time.Advance(TimeSpan.FromSeconds(8)); // the server is down for 8 s: the 5 s lease runs out meanwhile

        var restarted = new WeftEngine(Store, Time, Options);
        Time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal(0, (await restarted.Jobs.ExpireLeasesAsync()).Handled);
        await restarted.Jobs.CompleteAsync(job.Id, Worker, null);

        Assert.Equal(InstanceStatus.Completed, (await StoredInstanceAsync(instance.Id)).Status);
    }

    [Fact]
    public async Task After_the_grace_a_lease_that_ran_out_while_no_engine_was_running_is_taken_back()
    {
        await DeployAsync(OneStep("orders", Service("a", "end") with { Timeout = "PT5S", RetryCount = 1 }));
        await StartAsync("orders");
        var job = await PollOneAsync("a");
        Time.Advance(TimeSpan.FromSeconds(8));

        var restarted = new WeftEngine(Store, Time, Options);
        Time.Advance(TimeSpan.FromSeconds(5.001));

        Assert.Equal(1, (await restarted.Jobs.ExpireLeasesAsync()).Handled);
        Assert.Equal(JobStatus.Unlocked, (await StoredJobAsync(job.Id)).Status);
    }

    [Fact]
    public async Task One_job_that_cannot_be_taken_back_does_not_stop_the_sweep_of_the_others()
    {
        await DeployAsync(OneStep("orders", Service("a", "end") with { RetryCount = 1 }));
        var instance = await StartAsync("orders");
        var good = await PollOneAsync("a");
        var now = Time.GetUtcNow();
        var poison = good with
        {
            Id = Ids.New(), InstanceId = "instance-that-is-gone", StepExecutionId = Ids.New(), LockToken = Ids.New(),
            LockExpiresAt = now.AddSeconds(-10), // expires before the good one, so it comes first
        };
        await using (var transaction = await Store.BeginAsync())
        {
            var changes = new Weft.Engine.Storage.InstanceChanges();
            changes.InsertedJobs.Add(poison);
            await transaction.SaveAsync(changes);
            await transaction.CommitAsync();
        }

        Time.Advance(TimeSpan.FromSeconds(31));
        var sweep = await Engine.Jobs.ExpireLeasesAsync();

        Assert.Equal(1, sweep.Handled);
        Assert.Equal(poison.Id, Assert.Single(sweep.Failures).Id);
        Assert.Equal(JobStatus.Unlocked, (await StoredJobAsync(good.Id)).Status);
        Assert.Equal(InstanceStatus.Active, (await StoredInstanceAsync(instance.Id)).Status);
        Assert.Single((await Engine.Jobs.ExpireLeasesAsync()).Failures); // still reported, never in the way
    }
}
