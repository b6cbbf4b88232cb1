using Weft.Engine;
using Weft.Engine.Jobs;

namespace Weft.Storage.Tests.Conformance;

/// <summary>Progress reports: the latest on the job and in the instance view, each kept in the history of its attempt.</summary>
public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task A_progress_report_is_the_jobs_latest_and_is_kept_in_its_attempts_history()
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders");
        var job = await PollOneAsync("a");

        await Engine.Jobs.ReportProgressAsync(job.Id, Worker, 40, "step 2 of 5");
        Time.Advance(TimeSpan.FromSeconds(1));
        await Engine.Jobs.ReportProgressAsync(job.Id, Worker, 60.5, null);

        var latest = new JobProgress(60.5, null, Time.GetUtcNow());
        Assert.Equal(latest, (await Engine.Jobs.GetAsync(job.Id)).Progress);
        var view = Assert.Single((await Engine.Instances.GetAsync(instance.Id)).Progress!);
        Assert.Equal((job.Id, "a", 60.5, (string?)null, Time.GetUtcNow()), (view.JobId, view.StepId, view.Percent, view.Message, view.ReportedAt));
        var attempt = Assert.Single(await Engine.Instances.GetHistoryAsync(instance.Id));
        Assert.Equal([new JobProgress(40, "step 2 of 5", Time.GetUtcNow().AddSeconds(-1)), latest], attempt.Progress);
    }

    [Fact]
    public async Task A_report_does_not_extend_the_lease()
    {
        await DeployAsync(Linear());
        await StartAsync("orders");
        var job = await PollOneAsync("a");
        Time.Advance(TimeSpan.FromSeconds(10));

        await Engine.Jobs.ReportProgressAsync(job.Id, Worker, 10, null);

        Assert.Equal(job.LockExpiresAt, (await StoredJobAsync(job.Id)).LockExpiresAt);
    }

    [Fact]
    public async Task An_attempt_keeps_only_its_newest_hundred_reports()
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders");
        var job = await PollOneAsync("a");

        for (var i = 1; i <= 105; i++)
        {
            await Engine.Jobs.ReportProgressAsync(job.Id, Worker, i / 2.0, $"report {i}");
        }

        var kept = Assert.Single(await Engine.Instances.GetHistoryAsync(instance.Id)).Progress;
        Assert.Equal(Enumerable.Range(6, 100).Select(i => $"report {i}"), kept.Select(p => p.Message));
        Assert.Equal("report 105", (await StoredJobAsync(job.Id)).Progress!.Message);
    }

    [Fact]
    public async Task A_retry_starts_with_no_progress_and_the_failed_attempt_keeps_its_reports()
    {
        await DeployAsync(OneStep("orders", Service("a", "end") with { RetryCount = 1 }));
        var instance = await StartAsync("orders");
        var first = await PollOneAsync("a");
        await Engine.Jobs.ReportProgressAsync(first.Id, Worker, 30, "first try");

        await Engine.Jobs.FailAsync(first.Id, Worker, "flaky", retryable: true);

        Assert.Null((await StoredJobAsync(first.Id)).Progress);
        Assert.Empty((await Engine.Instances.GetAsync(instance.Id)).Progress!);
        Time.Advance(TimeSpan.FromSeconds(1));
        var second = await PollOneAsync("a", "worker-2");
        await Engine.Jobs.ReportProgressAsync(second.Id, "worker-2", 70, "second try");

        var history = await Engine.Instances.GetHistoryAsync(instance.Id);
        Assert.Equal(["first try"], history[0].Progress.Select(p => p.Message));
        Assert.Equal(["second try"], history[1].Progress.Select(p => p.Message));
        Assert.Equal("second try", Assert.Single((await Engine.Instances.GetAsync(instance.Id)).Progress!).Message);
    }

    [Fact]
    public async Task A_completed_jobs_progress_leaves_the_instance_view_but_stays_in_the_history()
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders");
        var job = await PollOneAsync("a");
        await Engine.Jobs.ReportProgressAsync(job.Id, Worker, 100, "done");

        await Engine.Jobs.CompleteAsync(job.Id, Worker, null);

        Assert.Empty((await Engine.Instances.GetAsync(instance.Id)).Progress!);
        Assert.Equal(["done"], (await Engine.Instances.GetHistoryAsync(instance.Id))[0].Progress.Select(p => p.Message));
    }

    [Fact]
    public async Task A_progress_write_whose_commit_fails_leaves_no_report()
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders");
        var job = await PollOneAsync("a");
        await using var failing = new WeftEngine(new FailingCommitStore(Store), Time, Options);

        await Assert.ThrowsAsync<IOException>(() => failing.Jobs.ReportProgressAsync(job.Id, Worker, 50, "lost"));

        Assert.Null((await StoredJobAsync(job.Id)).Progress);
        Assert.Empty(await Store.GetProgressReportsAsync(instance.Id));
    }

    [Fact]
    public async Task Only_the_worker_holding_the_job_may_report_progress()
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders");
        var job = await OpenJobAsync(instance.Id);

        await AssertRefusedAsync(WeftErrorKind.Conflict, () => Engine.Jobs.ReportProgressAsync(job.Id, Worker, 10, null), "is not locked by worker 'worker-1'");
        await PollOneAsync("a");
        await AssertRefusedAsync(WeftErrorKind.Conflict, () => Engine.Jobs.ReportProgressAsync(job.Id, "intruder", 10, null), "is held by worker 'worker-1', not 'intruder'");
        await AssertRefusedAsync(WeftErrorKind.NotFound, () => Engine.Jobs.ReportProgressAsync("nope", Worker, 10, null), "Job 'nope' does not exist");

        Assert.Null((await StoredJobAsync(job.Id)).Progress);
        Assert.Empty(await Store.GetProgressReportsAsync(instance.Id));
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(100.01)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public async Task A_percent_outside_0_to_100_is_refused_and_nothing_is_kept(double percent)
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders");
        var job = await PollOneAsync("a");

        await AssertRefusedAsync(WeftErrorKind.Invalid, () => Engine.Jobs.ReportProgressAsync(job.Id, Worker, percent, null), "it must be a number from 0 to 100");

        Assert.Null((await StoredJobAsync(job.Id)).Progress);
        Assert.Empty(await Store.GetProgressReportsAsync(instance.Id));
    }

    [Fact]
    public async Task A_long_message_is_cut_at_4096_characters_with_a_note()
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders");
        var job = await PollOneAsync("a");

        await Engine.Jobs.ReportProgressAsync(job.Id, Worker, 1, new string('m', 10_000));

        var expected = new string('m', 4096) + "… [cut at 4,096 of 10,000 characters]";
        Assert.Equal(expected, (await StoredJobAsync(job.Id)).Progress!.Message);
        Assert.Equal(expected, Assert.Single((await Engine.Instances.GetHistoryAsync(instance.Id))[0].Progress).Message);
    }

    [Fact]
    public async Task A_heartbeat_for_a_job_cancelled_with_its_instance_is_a_conflict_and_the_job_cannot_be_completed()
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders");
        var job = await PollOneAsync("a");
        await Engine.Instances.CancelAsync(instance.Id, "customer withdrew");

        await AssertRefusedAsync(WeftErrorKind.Conflict, () => Engine.Jobs.HeartbeatAsync(job.Id, Worker), "was cancelled because its instance");
        await AssertRefusedAsync(WeftErrorKind.Conflict, () => Engine.Jobs.ReportProgressAsync(job.Id, Worker, 5, null), "stop the work");
        await AssertRefusedAsync(WeftErrorKind.Conflict, () => Engine.Jobs.CompleteAsync(job.Id, Worker, null));

        Assert.Equal(JobStatus.Cancelled, (await StoredJobAsync(job.Id)).Status);
    }

    [Fact]
    public async Task A_heartbeat_after_the_lease_was_taken_back_and_claimed_again_is_a_conflict()
    {
        await DeployAsync(OneStep("orders", Service("a", "end") with { RetryCount = 1 }));
        await StartAsync("orders");
        var lost = await PollOneAsync("a", "worker-1");
        Time.Advance(TimeSpan.FromSeconds(31));
        await Engine.Jobs.ExpireLeasesAsync();

        await AssertRefusedAsync(WeftErrorKind.Conflict, () => Engine.Jobs.HeartbeatAsync(lost.Id, "worker-1"), "its lease was lost");
        Time.Advance(TimeSpan.FromSeconds(1));
        await PollOneAsync("a", "worker-2");

        await AssertRefusedAsync(WeftErrorKind.Conflict, () => Engine.Jobs.HeartbeatAsync(lost.Id, "worker-1"), "is held by worker 'worker-2', not 'worker-1'");
        await AssertRefusedAsync(WeftErrorKind.Conflict, () => Engine.Jobs.ReportProgressAsync(lost.Id, "worker-1", 5, null), "is held by worker 'worker-2'");
    }
}
