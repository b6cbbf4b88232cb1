using Weft.Engine;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;

namespace Weft.Storage.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Start_creates_an_active_instance_an_unlocked_job_and_a_running_step_execution()
    {
        await DeployAsync(OneStep("orders", Service("a", "end") with { RetryCount = 2 }));

        var instance = await StartAsync("orders", """{"x":1,"s":"t"}""", businessKey: "order-17");

        var stored = await StoredInstanceAsync(instance.Id);
        Assert.Equal(InstanceStatus.Active, stored.Status);
        Assert.Equal(("orders", 1, "order-17", "a"), (stored.DefinitionId, stored.DefinitionVersion, stored.BusinessKey, stored.CurrentStepIds.Single()));
        AssertJson("""{"x":1,"s":"t"}""", stored.Variables);
        Assert.Equal(Time.GetUtcNow(), stored.CreatedAt);
        Assert.Null(stored.CompletedAt);

        var execution = Assert.Single(await Store.GetHistoryAsync(instance.Id));
        Assert.Equal(("a", "SERVICE_TASK", StepExecutionStatus.Running, 1), (execution.StepId, execution.StepType, execution.Status, execution.AttemptNumber));
        AssertJson("""{"x":1,"s":"t"}""", execution.Input);
        Assert.Null(execution.Output);
        Assert.Equal(Time.GetUtcNow(), execution.StartedAt);
        Assert.Null(execution.EndedAt);

        var job = await OpenJobAsync(instance.Id);
        Assert.Equal(JobStatus.Unlocked, job.Status);
        Assert.Equal((instance.Id, execution.Id, "a", "a"), (job.InstanceId, job.StepExecutionId, job.StepId, job.JobType));
        Assert.Equal(2, job.RetriesRemaining);
        Assert.Equal(Time.GetUtcNow(), job.RunAt);
        Assert.Equal(TimeSpan.FromSeconds(30), job.LeaseDuration);
        Assert.Null(job.WorkerId);
        Assert.Null(job.LockToken);
        Assert.Null(job.LockExpiresAt);
        Assert.Equal(job, await Store.GetJobAsync(job.Id));
    }

    [Fact]
    public async Task Job_type_is_the_step_job_type_when_set()
    {
        await DeployAsync(OneStep("orders", Service("a", "end") with { JobType = "send-email" }));
        var instance = await StartAsync("orders");

        Assert.Equal("send-email", (await OpenJobAsync(instance.Id)).JobType);
        Assert.Empty(await PollAsync("a"));
        Assert.Single(await PollAsync("send-email"));
    }

    [Fact]
    public async Task Claim_locks_the_job_with_a_lock_token_and_a_lease_from_now()
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders", """{"x":1}""");
        Time.Advance(TimeSpan.FromSeconds(5));

        var claimed = Assert.Single(await PollAsync("a"));

        var job = claimed.Job;
        Assert.Equal(JobStatus.Locked, job.Status);
        Assert.Equal(Worker, job.WorkerId);
        Assert.False(string.IsNullOrEmpty(job.LockToken));
        Assert.Equal(Time.GetUtcNow(), job.LockedAt);
        Assert.Equal(Time.GetUtcNow() + TimeSpan.FromSeconds(30), job.LockExpiresAt);
        Assert.Equal(instance.Id, job.InstanceId);
        AssertJson("""{"x":1}""", claimed.Variables);
        Assert.Equal(job, await Store.GetJobAsync(job.Id));
    }

    [Fact]
    public async Task Step_timeout_overrides_the_default_lease()
    {
        await DeployAsync(OneStep("orders", Service("a", "end") with { Timeout = "PT2M" }));
        await StartAsync("orders");

        var job = await PollOneAsync("a");

        Assert.Equal(TimeSpan.FromMinutes(2), job.LeaseDuration);
        Assert.Equal(Time.GetUtcNow() + TimeSpan.FromMinutes(2), job.LockExpiresAt);
    }

    [Fact]
    public async Task Configured_lease_duration_is_the_default_lease()
    {
        var engine = new WeftEngine(Store, Time, new WeftEngineOptions { LeaseDuration = TimeSpan.FromSeconds(7) });
        await engine.Definitions.DeployAsync(Linear());
        await engine.Instances.StartAsync(new StartInstanceCommand("orders"));

        var job = Assert.Single(await engine.Jobs.PollAsync(new PollCommand(Worker, ["a"], 1))).Job;

        Assert.Equal(Time.GetUtcNow() + TimeSpan.FromSeconds(7), job.LockExpiresAt);
    }

    [Fact]
    public async Task Second_claim_never_returns_the_same_job()
    {
        await DeployAsync(Linear());
        await StartAsync("orders");

        Assert.Single(await PollAsync("a", "worker-1"));

        Assert.Empty(await PollAsync("a", "worker-2"));
        Assert.Empty(await PollAsync("a", "worker-1"));
    }

    [Fact]
    public async Task Claim_hands_out_only_the_asked_job_types_and_at_most_max_jobs()
    {
        await DeployAsync(Linear());
        await DeployAsync(OneStep("billing", Service("bill", "end")));
        for (var i = 0; i < 3; i++)
        {
            await StartAsync("orders");
        }

        await StartAsync("billing");

        Assert.Empty(await PollAsync("b"));
        var two = await PollAsync("a", maxJobs: 2);
        Assert.Equal(2, two.Count);
        Assert.All(two, j => Assert.Equal("a", j.Job.JobType));
        var rest = await Engine.Jobs.PollAsync(new PollCommand(Worker, ["a", "bill"], 10));
        Assert.Equal(["a", "bill"], rest.Select(j => j.Job.JobType).Order());
    }

    [Fact]
    public async Task Concurrent_polls_never_hand_out_one_job_twice()
    {
        await DeployAsync(Linear());
        var instances = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            instances.Add((await StartAsync("orders")).Id);
        }

        var polls = Enumerable.Range(0, 6)
            .Select(n => Task.Run(() => Engine.Jobs.PollAsync(new PollCommand($"worker-{n}", ["a"], 3))))
            .ToList();
        var claimed = (await Task.WhenAll(polls)).SelectMany(jobs => jobs).Select(j => j.Job).ToList();

        Assert.Equal(12, claimed.Count);
        Assert.Equal(12, claimed.Select(j => j.Id).Distinct().Count());
        Assert.Equal(instances.Order(), claimed.Select(j => j.InstanceId).Order());
    }

    [Fact]
    public async Task Concurrent_claim_transactions_return_disjoint_sets()
    {
        await DeployAsync(Linear());
        for (var i = 0; i < 10; i++)
        {
            await StartAsync("orders");
        }

        var claims = Enumerable.Range(0, 5).Select(n => Task.Run(async () =>
        {
            await using var transaction = await Store.BeginAsync();
            var jobs = await transaction.ClaimJobsAsync($"worker-{n}", ["a"], 4, Time.GetUtcNow());
            await transaction.CommitAsync();
            return jobs;
        })).ToList();
        var sets = await Task.WhenAll(claims);

        var all = sets.SelectMany(s => s).ToList();
        Assert.Equal(10, all.Count);
        Assert.Equal(10, all.Select(j => j.Id).Distinct().Count());
        Assert.Equal(10, all.Select(j => j.LockToken).Distinct().Count());
        foreach (var (set, n) in sets.Select((s, n) => (s, n)))
        {
            Assert.All(set, j => Assert.Equal($"worker-{n}", j.WorkerId));
        }
    }

    [Fact]
    public async Task Claim_in_a_transaction_that_is_not_committed_leaves_the_job_claimable()
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders");

        await using (var transaction = await Store.BeginAsync())
        {
            Assert.Single(await transaction.ClaimJobsAsync("ghost", ["a"], 1, Time.GetUtcNow()));
        }

        Assert.Equal(JobStatus.Unlocked, (await OpenJobAsync(instance.Id)).Status);
        Assert.Equal(Worker, (await PollOneAsync("a")).WorkerId);
    }
}
