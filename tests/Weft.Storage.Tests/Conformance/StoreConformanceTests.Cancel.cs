using Weft.Engine;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;

namespace Weft.Storage.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Cancel_cascades_to_the_locked_job_and_the_running_step()
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders");
        var job = await PollOneAsync("a");
        Time.Advance(TimeSpan.FromSeconds(2));

        var cancelled = await Engine.Instances.CancelAsync(instance.Id, "customer withdrew");

        Assert.Equal(InstanceStatus.Cancelled, cancelled.Status);
        var stored = await StoredInstanceAsync(instance.Id);
        Assert.Equal((InstanceStatus.Cancelled, "customer withdrew"), (stored.Status, stored.FailureReason));
        Assert.Equal(Time.GetUtcNow(), stored.CompletedAt);
        var storedJob = await StoredJobAsync(job.Id);
        Assert.Equal((JobStatus.Cancelled, "customer withdrew"), (storedJob.Status, storedJob.LastError));
        var execution = Assert.Single(await Store.GetHistoryAsync(instance.Id));
        Assert.Equal((StepExecutionStatus.Cancelled, Time.GetUtcNow()), (execution.Status, execution.EndedAt));
        Assert.Empty(await OpenJobsAsync(instance.Id));
        await AssertRefusedAsync(WeftErrorKind.Conflict, () => Engine.Jobs.CompleteAsync(job.Id, Worker, null), "was cancelled");
    }

    [Fact]
    public async Task Cancel_makes_an_unlocked_job_unpollable()
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders");
        var job = await OpenJobAsync(instance.Id);

        await Engine.Instances.CancelAsync(instance.Id, null);

        Assert.Empty(await PollAsync("a"));
        Assert.Equal(JobStatus.Cancelled, (await StoredJobAsync(job.Id)).Status);
        Assert.Equal("Cancelled.", (await StoredInstanceAsync(instance.Id)).FailureReason);
    }

    [Fact]
    public async Task Cancel_of_a_job_waiting_for_its_retry_makes_it_unpollable()
    {
        await DeployAsync(OneStep("orders", Service("a", "end") with { RetryCount = 3 }));
        var instance = await StartAsync("orders");
        await Engine.Jobs.FailAsync((await PollOneAsync("a")).Id, Worker, "x", retryable: true);

        await Engine.Instances.CancelAsync(instance.Id, null);
        Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Empty(await PollAsync("a"));
        Assert.Equal([StepExecutionStatus.Failed, StepExecutionStatus.Cancelled], (await Store.GetHistoryAsync(instance.Id)).Select(e => e.Status));
    }

    [Fact]
    public async Task Cancelling_a_finished_instance_is_a_conflict()
    {
        await DeployAsync(OneStep("orders", Service("a", "end")));
        var completed = await StartAsync("orders");
        await Engine.Jobs.CompleteAsync((await PollOneAsync("a")).Id, Worker, null);
        var cancelled = await StartAsync("orders");
        await Engine.Instances.CancelAsync(cancelled.Id, null);

        await AssertRefusedAsync(WeftErrorKind.Conflict, () => Engine.Instances.CancelAsync(completed.Id, null), "is already COMPLETED");
        await AssertRefusedAsync(WeftErrorKind.Conflict, () => Engine.Instances.CancelAsync(cancelled.Id, null), "is already CANCELLED");

        Assert.Equal(InstanceStatus.Completed, (await StoredInstanceAsync(completed.Id)).Status);
        Assert.All(await Store.GetHistoryAsync(completed.Id), e => Assert.Equal(StepExecutionStatus.Completed, e.Status));
    }

    [Fact]
    public async Task Cancelling_an_unknown_instance_is_not_found()
    {
        await AssertRefusedAsync(WeftErrorKind.NotFound, () => Engine.Instances.CancelAsync("nope", null), "Instance 'nope' does not exist");
    }
}
