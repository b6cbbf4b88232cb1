using Weft.Engine;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;

namespace Weft.Storage.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Complete_merges_variables_writes_output_and_enters_the_next_step()
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders", """{"x":1,"keep":"k"}""");
        var job = await PollOneAsync("a");
        Time.Advance(TimeSpan.FromSeconds(3));

        await Engine.Jobs.CompleteAsync(job.Id, Worker, Json("""{"x":2,"y":[3]}"""));

        var stored = await StoredInstanceAsync(instance.Id);
        Assert.Equal((InstanceStatus.Active, "b"), (stored.Status, stored.CurrentStepIds.Single()));
        AssertJson("""{"x":2,"keep":"k","y":[3]}""", stored.Variables);
        Assert.Equal(Time.GetUtcNow(), stored.UpdatedAt);

        var history = await Store.GetHistoryAsync(instance.Id);
        Assert.Equal(["a", "b"], history.Select(e => e.StepId));
        Assert.Equal(StepExecutionStatus.Completed, history[0].Status);
        AssertJson("""{"x":2,"y":[3]}""", history[0].Output);
        Assert.Equal(Time.GetUtcNow(), history[0].EndedAt);
        Assert.Equal(StepExecutionStatus.Running, history[1].Status);
        AssertJson("""{"x":2,"keep":"k","y":[3]}""", history[1].Input);

        Assert.Equal(JobStatus.Completed, (await StoredJobAsync(job.Id)).Status);
        var next = await OpenJobAsync(instance.Id);
        Assert.Equal(("b", JobStatus.Unlocked, history[1].Id), (next.StepId, next.Status, next.StepExecutionId));
        var claimed = Assert.Single(await PollAsync("b"));
        AssertJson("""{"x":2,"keep":"k","y":[3]}""", claimed.Variables);
    }

    [Fact]
    public async Task Service_service_end_completes_the_instance_with_three_history_rows()
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders", """{"n":0}""");

        await Engine.Jobs.CompleteAsync((await PollOneAsync("a")).Id, Worker, Json("""{"a":true}"""));
        Time.Advance(TimeSpan.FromSeconds(1));
        await Engine.Jobs.CompleteAsync((await PollOneAsync("b")).Id, Worker, Json("""{"b":true}"""));

        var stored = await StoredInstanceAsync(instance.Id);
        Assert.Equal((InstanceStatus.Completed, "end"), (stored.Status, stored.CurrentStepIds.Single()));
        Assert.Equal(Time.GetUtcNow(), stored.CompletedAt);
        Assert.True(stored.IsFinished);
        AssertJson("""{"n":0,"a":true,"b":true}""", stored.Variables);
        var history = await Store.GetHistoryAsync(instance.Id);
        Assert.Equal(["a", "b", "end"], history.Select(e => e.StepId));
        Assert.All(history, e => Assert.Equal(StepExecutionStatus.Completed, e.Status));
        Assert.Equal("END", history[2].StepType);
        Assert.Empty(await OpenJobsAsync(instance.Id));
        Assert.Equal(history.Select(e => e.Id), (await Engine.Instances.GetHistoryAsync(instance.Id)).Select(e => e.Id));
    }

    [Fact]
    public async Task Identical_second_completion_is_a_no_op()
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders");
        var job = await PollOneAsync("a");
        await Engine.Jobs.CompleteAsync(job.Id, Worker, Json("""{"x":1}"""));
        var before = await StoredInstanceAsync(instance.Id);
        Time.Advance(TimeSpan.FromSeconds(5));

        await Engine.Jobs.CompleteAsync(job.Id, Worker, Json("""{"x":1}"""));

        var after = await StoredInstanceAsync(instance.Id);
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
        Assert.Equal("b", after.CurrentStepIds.Single());
        Assert.Equal(2, (await Store.GetHistoryAsync(instance.Id)).Count);
        Assert.Equal("b", (await OpenJobAsync(instance.Id)).StepId);
    }

    [Fact]
    public async Task Different_second_completion_is_a_conflict_and_changes_nothing()
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders");
        var job = await PollOneAsync("a");
        await Engine.Jobs.CompleteAsync(job.Id, Worker, Json("""{"x":1}"""));

        await AssertRefusedAsync(WeftErrorKind.Conflict, () => Engine.Jobs.CompleteAsync(job.Id, Worker, Json("""{"x":2}""")), "already completed");

        AssertJson("""{"x":1}""", (await StoredInstanceAsync(instance.Id)).Variables);
        Assert.Equal(2, (await Store.GetHistoryAsync(instance.Id)).Count);
    }

    [Fact]
    public async Task Completion_by_a_worker_that_does_not_hold_the_lease_is_a_conflict()
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders");
        var job = await PollOneAsync("a", "worker-1");

        await AssertRefusedAsync(
            WeftErrorKind.Conflict, () => Engine.Jobs.CompleteAsync(job.Id, "worker-2", null), "held by worker 'worker-1', not 'worker-2'");

        Assert.Equal(job, await Store.GetJobAsync(job.Id));
        Assert.Equal("a", (await StoredInstanceAsync(instance.Id)).CurrentStepIds.Single());
        Assert.Single(await Store.GetHistoryAsync(instance.Id));
    }

    [Fact]
    public async Task Completion_after_the_lease_ran_out_is_accepted_while_no_one_else_has_the_job()
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders");
        var job = await PollOneAsync("a");
        Time.Advance(TimeSpan.FromSeconds(30.001));

        await Engine.Jobs.CompleteAsync(job.Id, Worker, Json("""{"late": true}"""));

        Assert.Equal(JobStatus.Completed, (await StoredJobAsync(job.Id)).Status);
        Assert.Equal("b", (await StoredInstanceAsync(instance.Id)).CurrentStepIds.Single());
        Assert.Equal(0, (await Engine.Jobs.ExpireLeasesAsync()).Handled);
    }

    [Fact]
    public async Task Completion_after_the_lease_was_taken_back_is_accepted_until_another_worker_claims_the_job()
    {
        await DeployAsync(OneStep("orders", Service("a", "end") with { RetryCount = 2 }));
        var instance = await StartAsync("orders");
        var job = await PollOneAsync("a");
        Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1, (await Engine.Jobs.ExpireLeasesAsync()).Handled);

        await Engine.Jobs.CompleteAsync(job.Id, Worker, Json("""{"late": true}"""));

        var stored = await StoredInstanceAsync(instance.Id);
        Assert.Equal(InstanceStatus.Completed, stored.Status);
        AssertJson("""{"late": true}""", stored.Variables);
        var history = await Store.GetHistoryAsync(instance.Id);
        Assert.Equal(
            [("a", 1, StepExecutionStatus.Failed), ("a", 2, StepExecutionStatus.Completed), ("end", 1, StepExecutionStatus.Completed)],
            history.Select(e => (e.StepId, e.AttemptNumber, e.Status)));
        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(await PollAsync("a"));
    }

    [Fact]
    public async Task Completion_after_another_worker_claimed_the_job_is_a_conflict_and_changes_nothing()
    {
        await DeployAsync(OneStep("orders", Service("a", "end") with { RetryCount = 2 }));
        var instance = await StartAsync("orders");
        var lost = await PollOneAsync("a");
        Time.Advance(TimeSpan.FromSeconds(31));
        await Engine.Jobs.ExpireLeasesAsync();
        Time.Advance(TimeSpan.FromSeconds(1));
        var reclaimed = await PollOneAsync("a", "worker-2");

        await AssertRefusedAsync(WeftErrorKind.Conflict, () => Engine.Jobs.CompleteAsync(lost.Id, Worker, null), "held by worker 'worker-2'");

        Assert.Equal(reclaimed, await Store.GetJobAsync(lost.Id));
        Assert.Equal(InstanceStatus.Active, (await StoredInstanceAsync(instance.Id)).Status);
    }

    [Fact]
    public async Task Completion_at_the_last_moment_of_the_lease_is_accepted()
    {
        await DeployAsync(Linear());
        await StartAsync("orders");
        var job = await PollOneAsync("a");
        Time.Advance(TimeSpan.FromSeconds(30));

        await Engine.Jobs.CompleteAsync(job.Id, Worker, null);

        Assert.Equal(JobStatus.Completed, (await StoredJobAsync(job.Id)).Status);
    }

    [Fact]
    public async Task Completing_an_unlocked_job_is_a_conflict()
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders");
        var job = await OpenJobAsync(instance.Id);

        await AssertRefusedAsync(WeftErrorKind.Conflict, () => Engine.Jobs.CompleteAsync(job.Id, Worker, null), "is not locked");

        Assert.Equal(job, await Store.GetJobAsync(job.Id));
    }

    [Fact]
    public async Task Completing_an_unknown_job_is_not_found()
    {
        await AssertRefusedAsync(WeftErrorKind.NotFound, () => Engine.Jobs.CompleteAsync("no-such-job", Worker, null), "Job 'no-such-job' does not exist");
    }

    [Fact]
    public async Task Completion_that_makes_the_variables_too_large_is_refused_and_changes_nothing()
    {
        var engine = new WeftEngine(Store, Time, new WeftEngineOptions { MaxVariablesBytes = 100 });
        await engine.Definitions.DeployAsync(Linear());
        var instance = await engine.Instances.StartAsync(new StartInstanceCommand("orders", Json($$"""{"a":"{{new string('a', 60)}}"}""")));
        var job = Assert.Single(await engine.Jobs.PollAsync(new PollCommand(Worker, ["a"], 1))).Job;

        await AssertRefusedAsync(
            WeftErrorKind.TooLarge,
            () => engine.Jobs.CompleteAsync(job.Id, Worker, Json($$"""{"b":"{{new string('b', 60)}}"}""")),
            "the limit is 100");

        Assert.Equal(job, await Store.GetJobAsync(job.Id));
        Assert.Single(await Store.GetHistoryAsync(instance.Id));
        Assert.False((await StoredInstanceAsync(instance.Id)).Variables.ContainsKey("b"));
    }

    [Fact]
    public async Task History_is_in_start_order_even_when_the_clock_stands_still()
    {
        await DeployAsync(Definition("orders", Service("s1", "s2"), Service("s2", "s3"), Service("s3", "s4"), Service("s4", "end"), End()));
        var instance = await StartAsync("orders");

        foreach (var step in new[] { "s1", "s2", "s3", "s4" })
        {
            await Engine.Jobs.CompleteAsync((await PollOneAsync(step)).Id, Worker, null);
        }

        Assert.Equal(["s1", "s2", "s3", "s4", "end"], (await Store.GetHistoryAsync(instance.Id)).Select(e => e.StepId));
    }

    [Fact]
    public async Task History_of_an_unknown_instance_is_not_found()
    {
        await AssertRefusedAsync(WeftErrorKind.NotFound, () => Engine.Instances.GetHistoryAsync("nope"), "Instance 'nope' does not exist");
        await AssertRefusedAsync(WeftErrorKind.NotFound, () => Engine.Instances.GetAsync("nope"), "Instance 'nope' does not exist");
        Assert.Empty(await Store.GetHistoryAsync("nope"));
    }
}
