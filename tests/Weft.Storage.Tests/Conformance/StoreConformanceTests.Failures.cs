using Weft.Engine;
using Weft.Engine.Definitions;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;

namespace Weft.Storage.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Retryable_failures_consume_retries_with_backoff_then_fail_the_instance()
    {
        await DeployAsync(OneStep("orders", Service("charge", "end") with { RetryCount = 2 }));
        var instance = await StartAsync("orders", """{"amount":5}""");
        var start = Time.GetUtcNow();

        await Engine.Jobs.FailAsync((await PollOneAsync("charge")).Id, Worker, "card declined", retryable: true);

        var job = await OpenJobAsync(instance.Id);
        Assert.Equal((JobStatus.Unlocked, 1, "card declined"), (job.Status, job.RetriesRemaining, job.LastError));
        Assert.Equal(start + TimeSpan.FromSeconds(1), job.RunAt);
        Assert.Null(job.WorkerId);
        Assert.Null(job.LockToken);
        Assert.Equal(InstanceStatus.Active, (await StoredInstanceAsync(instance.Id)).Status);
        Assert.Empty(await PollAsync("charge"));

        Time.Advance(TimeSpan.FromSeconds(1));
        var second = await PollOneAsync("charge");
        Assert.Equal(job.Id, second.Id);
        await Engine.Jobs.FailAsync(second.Id, Worker, "card declined again", retryable: true);

        Assert.Equal(Time.GetUtcNow() + TimeSpan.FromSeconds(2), (await StoredJobAsync(job.Id)).RunAt);
        Time.Advance(TimeSpan.FromSeconds(1.999));
        Assert.Empty(await PollAsync("charge"));
        Time.Advance(TimeSpan.FromMilliseconds(1));
        var third = await PollOneAsync("charge");
        Assert.Equal(0, third.RetriesRemaining);
        await Engine.Jobs.FailAsync(third.Id, Worker, "card declined for good", retryable: true);

        var failed = await StoredInstanceAsync(instance.Id);
        Assert.Equal(InstanceStatus.Failed, failed.Status);
        Assert.Equal("Step 'charge' failed after 3 attempt(s): card declined for good", failed.FailureReason);
        Assert.Equal(Time.GetUtcNow(), failed.CompletedAt);
        AssertJson("""{"amount":5}""", failed.Variables);
        Assert.Equal(JobStatus.Failed, (await StoredJobAsync(job.Id)).Status);
        Assert.Empty(await OpenJobsAsync(instance.Id));

        var history = await Store.GetHistoryAsync(instance.Id);
        Assert.Equal([1, 2, 3], history.Select(e => e.AttemptNumber));
        Assert.All(history, e => Assert.Equal(("charge", StepExecutionStatus.Failed), (e.StepId, e.Status)));
        Assert.Equal(["card declined", "card declined again", "card declined for good"], history.Select(e => e.FailureReason));
        Assert.All(history, e => AssertJson("""{"amount":5}""", e.Input));
    }

    [Fact]
    public async Task Each_attempt_gets_its_own_history_row_and_the_job_follows_it()
    {
        await DeployAsync(OneStep("orders", Service("a", "end") with { RetryCount = 1 }));
        var instance = await StartAsync("orders");
        var first = await PollOneAsync("a");

        await Engine.Jobs.FailAsync(first.Id, Worker, "oops", retryable: true);

        var history = await Store.GetHistoryAsync(instance.Id);
        Assert.Equal([(1, StepExecutionStatus.Failed), (2, StepExecutionStatus.Running)], history.Select(e => (e.AttemptNumber, e.Status)));
        Assert.Equal(first.StepExecutionId, history[0].Id);
        Assert.Equal(history[1].Id, (await StoredJobAsync(first.Id)).StepExecutionId);

        Time.Advance(TimeSpan.FromSeconds(1));
        await Engine.Jobs.CompleteAsync((await PollOneAsync("a")).Id, Worker, Json("""{"ok":true}"""));

        history = await Store.GetHistoryAsync(instance.Id);
        Assert.Equal(
            [(1, StepExecutionStatus.Failed), (2, StepExecutionStatus.Completed), (1, StepExecutionStatus.Completed)],
            history.Select(e => (e.AttemptNumber, e.Status)));
        Assert.Equal(InstanceStatus.Completed, (await StoredInstanceAsync(instance.Id)).Status);
    }

    [Fact]
    public async Task Step_retry_backoff_decides_when_a_retry_may_run()
    {
        var backoff = new RetryBackoff { Initial = "PT10S", Factor = 3, Max = "PT20S" };
        await DeployAsync(OneStep("orders", Service("a", "end") with { RetryCount = 3, RetryBackoff = backoff }));
        var instance = await StartAsync("orders");

        await Engine.Jobs.FailAsync((await PollOneAsync("a")).Id, Worker, "1", retryable: true);
        Assert.Equal(Time.GetUtcNow() + TimeSpan.FromSeconds(10), (await OpenJobAsync(instance.Id)).RunAt);

        Time.Advance(TimeSpan.FromSeconds(10));
        await Engine.Jobs.FailAsync((await PollOneAsync("a")).Id, Worker, "2", retryable: true);
        Assert.Equal(Time.GetUtcNow() + TimeSpan.FromSeconds(20), (await OpenJobAsync(instance.Id)).RunAt);
    }

    [Fact]
    public async Task Jittered_retry_runs_within_the_jitter_bounds()
    {
        var backoff = new RetryBackoff { Initial = "PT10S", Factor = 1, Jitter = 0.5 };
        await DeployAsync(OneStep("orders", Service("a", "end") with { RetryCount = 1, RetryBackoff = backoff }));
        var instance = await StartAsync("orders");

        await Engine.Jobs.FailAsync((await PollOneAsync("a")).Id, Worker, "x", retryable: true);

        Assert.InRange((await OpenJobAsync(instance.Id)).RunAt, Time.GetUtcNow().AddSeconds(5), Time.GetUtcNow().AddSeconds(15));
        Time.Advance(TimeSpan.FromSeconds(15));
        Assert.Single(await PollAsync("a"));
    }

    [Fact]
    public async Task Non_retryable_failure_fails_the_instance_at_once()
    {
        await DeployAsync(OneStep("orders", Service("charge", "end") with { RetryCount = 5 }));
        var instance = await StartAsync("orders");
        var job = await PollOneAsync("charge");

        await Engine.Jobs.FailAsync(job.Id, Worker, "card stolen", retryable: false);

        var failed = await StoredInstanceAsync(instance.Id);
        Assert.Equal(InstanceStatus.Failed, failed.Status);
        Assert.Equal("Step 'charge' failed with a non-retryable error: card stolen", failed.FailureReason);
        var stored = await StoredJobAsync(job.Id);
        Assert.Equal((JobStatus.Failed, 5, "card stolen"), (stored.Status, stored.RetriesRemaining, stored.LastError));
        var execution = Assert.Single(await Store.GetHistoryAsync(instance.Id));
        Assert.Equal((StepExecutionStatus.Failed, "card stolen"), (execution.Status, execution.FailureReason));
        Assert.Empty(await PollAsync("charge"));
    }

    [Fact]
    public async Task Retryable_failure_without_retries_fails_the_instance_at_once()
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders");

        await Engine.Jobs.FailAsync((await PollOneAsync("a")).Id, Worker, null, retryable: true);

        var failed = await StoredInstanceAsync(instance.Id);
        Assert.Equal(InstanceStatus.Failed, failed.Status);
        Assert.Equal("Step 'a' failed after 1 attempt(s): The worker reported a failure without a message.", failed.FailureReason);
    }

    [Fact]
    public async Task Failing_a_completed_job_is_a_conflict()
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders");
        var job = await PollOneAsync("a");
        await Engine.Jobs.CompleteAsync(job.Id, Worker, null);

        await AssertRefusedAsync(WeftErrorKind.Conflict, () => Engine.Jobs.FailAsync(job.Id, Worker, "late", retryable: false), "already completed");

        Assert.Equal(InstanceStatus.Active, (await StoredInstanceAsync(instance.Id)).Status);
        Assert.Equal(JobStatus.Completed, (await StoredJobAsync(job.Id)).Status);
    }

    [Fact]
    public async Task Failing_by_a_worker_that_does_not_hold_the_lease_is_a_conflict()
    {
        await DeployAsync(Linear());
        await StartAsync("orders");
        var job = await PollOneAsync("a", "worker-1");

        await AssertRefusedAsync(WeftErrorKind.Conflict, () => Engine.Jobs.FailAsync(job.Id, "worker-2", "x", retryable: false), "held by worker 'worker-1'");

        Assert.Equal(job, await Store.GetJobAsync(job.Id));
    }
}
