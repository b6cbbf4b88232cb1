using System.Net;
using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;
using Weft.Testing;
using Weft.Worker.Client;
using Weft.Worker.Handlers;
using Weft.Worker.Running;

namespace Weft.Server.Tests.Jobs;

public sealed class JobFailureTests
{
    // Longer than any test moves the clock, so only the tests' own ExpireLeasesAsync calls take leases back.
    private static readonly TimeSpan NoSweeps = TimeSpan.FromDays(1);

    [Fact]
    public async Task Retryable_failures_consume_retryCount_then_fail_the_instance_with_a_reason()
    {
        var time = new FakeTimeProvider();
        await using var server = await WeftTestServer.StartAsync(time, o => o.SweepInterval = NoSweeps);
        await server.Client.UploadDefinitionAsync(TestDefinitions.Single("flaky", "flaky-job", retryCount: 2));
        var instance = await server.Client.StartInstanceAsync("flaky");

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var job = Assert.Single(await server.Client.PollJobsAsync("w", ["flaky-job"], 5));
            Assert.Equal(3 - attempt, job.RetriesRemaining);
            await server.Client.FailJobAsync(job.Id, "w", $"timeout talking to bank (try {attempt})", retryable: true);

            // Backoff: the retry is not handed out before its time.
            Assert.Empty(await server.Client.PollJobsAsync("w", ["flaky-job"], 5));
            time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Empty(await server.Client.PollJobsAsync("w", ["flaky-job"], 5));
        var failed = await server.Client.GetInstanceAsync(instance.Id);
        Assert.Equal(InstanceStatus.Failed, failed.Status);
        Assert.Contains("Step 'work' failed after 3 attempt(s)", failed.FailureReason, StringComparison.Ordinal);
        Assert.Contains("try 3", failed.FailureReason, StringComparison.Ordinal);

        var history = await server.Client.GetHistoryAsync(instance.Id);
        Assert.Equal([1, 2, 3], history.Select(h => h.AttemptNumber));
        Assert.All(history, h => Assert.Equal("FAILED", h.Status));
        Assert.Equal("timeout talking to bank (try 1)", history[0].FailureReason);
    }

    [Fact]
    public async Task Retry_waits_for_its_backoff_and_then_succeeds()
    {
        var time = new FakeTimeProvider();
        await using var server = await WeftTestServer.StartAsync(time, o => o.SweepInterval = NoSweeps);
        await server.Client.UploadDefinitionAsync(TestDefinitions.Single(
            "backoff", "slow", retryCount: 1, extra: """, "retryBackoff": { "initial": "PT10S", "factor": 2 }"""));
        var instance = await server.Client.StartInstanceAsync("backoff");

        var first = Assert.Single(await server.Client.PollJobsAsync("w", ["slow"], 1));
        await server.Client.FailJobAsync(first.Id, "w", "busy", retryable: true);
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(await server.Client.PollJobsAsync("w", ["slow"], 1));
        time.Advance(TimeSpan.FromSeconds(1));
        var second = Assert.Single(await server.Client.PollJobsAsync("w", ["slow"], 1));
        Assert.Equal(first.Id, second.Id);
        Assert.NotEqual(first.StepExecutionId, second.StepExecutionId);
        await server.Client.CompleteJobAsync(second.Id, "w", new JsonObject { ["ok"] = true });

        Assert.Equal(InstanceStatus.Completed, (await server.Client.GetInstanceAsync(instance.Id)).Status);
        Assert.Equal(["FAILED", "COMPLETED", "COMPLETED"], (await server.Client.GetHistoryAsync(instance.Id)).Select(h => h.Status));
    }

    [Fact]
    public async Task NonRetryableException_in_a_handler_fails_the_instance_at_once()
    {
        await using var server = await WeftTestServer.StartAsync();
        await server.Client.UploadDefinitionAsync(TestDefinitions.Single("strict", "validate", retryCount: 5));
        var registry = new HandlerRegistry().Register("validate", JsonObject? (JobContext _) =>
            throw new NonRetryableException("applicantId is required"));
        using var stop = new CancellationTokenSource();
        var running = new Runner(server.Client, registry, new RunnerOptions { PollInterval = TimeSpan.FromMilliseconds(20) }).RunAsync(stop.Token);

        var instance = await server.Client.StartInstanceAsync("strict");
        var failed = await Eventually.ReturnsAsync(
            () => server.Client.GetInstanceAsync(instance.Id), i => i.Status != InstanceStatus.Active, "the instance to fail");
        await stop.CancelAsync();
        await running;

        Assert.Equal(InstanceStatus.Failed, failed.Status);
        Assert.Equal("Step 'work' failed with a non-retryable error: applicantId is required", failed.FailureReason);
        var attempt = Assert.Single(await server.Client.GetHistoryAsync(instance.Id));
        Assert.Equal("FAILED", attempt.Status);
    }

    [Fact]
    public async Task An_expired_lease_makes_the_job_claimable_again_and_costs_a_retry()
    {
        var time = new FakeTimeProvider();
        await using var server = await WeftTestServer.StartAsync(time, o => o.SweepInterval = NoSweeps);
        await server.Client.UploadDefinitionAsync(TestDefinitions.Single("lease", "long", retryCount: 1));
        var instance = await server.Client.StartInstanceAsync("lease");

        var held = Assert.Single(await server.Client.PollJobsAsync("crashed-worker", ["long"], 1));
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromSeconds(30), held.LockExpiresAt);
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, (await server.Engine.Jobs.ExpireLeasesAsync()).Handled);
        Assert.Empty(await server.Client.PollJobsAsync("other", ["long"], 1));

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, (await server.Engine.Jobs.ExpireLeasesAsync()).Handled);
        time.Advance(TimeSpan.FromMinutes(1)); // past the retry's backoff
        var retried = Assert.Single(await server.Client.PollJobsAsync("other", ["long"], 1));
        Assert.Equal(held.Id, retried.Id);
        Assert.Equal(0, retried.RetriesRemaining);

        // The worker that lost the lease can no longer complete.
        var late = await Assert.ThrowsAsync<WeftApiException>(() => server.Client.CompleteJobAsync(held.Id, "crashed-worker", null));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("held by worker 'other'", late.Message, StringComparison.Ordinal);

        await server.Client.CompleteJobAsync(retried.Id, "other", new JsonObject { ["done"] = true });
        Assert.Equal(InstanceStatus.Completed, (await server.Client.GetInstanceAsync(instance.Id)).Status);
        var history = await server.Client.GetHistoryAsync(instance.Id);
        Assert.Contains("lease of worker 'crashed-worker' expired", history[0].FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_lease_with_no_retries_left_fails_the_instance()
    {
        var time = new FakeTimeProvider();
        await using var server = await WeftTestServer.StartAsync(time, o => o.SweepInterval = NoSweeps);
        await server.Client.UploadDefinitionAsync(TestDefinitions.Single("lease-once", "long", retryCount: 0, extra: """, "timeout": "PT5M" """));
        var instance = await server.Client.StartInstanceAsync("lease-once");

        var held = Assert.Single(await server.Client.PollJobsAsync("w", ["long"], 1));
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromMinutes(5), held.LockExpiresAt); // the step's timeout is its lease
        time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(1, (await server.Engine.Jobs.ExpireLeasesAsync()).Handled);

        var failed = await server.Client.GetInstanceAsync(instance.Id);
        Assert.Equal(InstanceStatus.Failed, failed.Status);
        Assert.Contains("lease of worker 'w' expired", failed.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_background_sweeper_takes_back_expired_leases_on_its_own()
    {
        var time = new FakeTimeProvider();
        await using var server = await WeftTestServer.StartAsync(time, o => o.SweepInterval = TimeSpan.FromSeconds(1));
        await server.Client.UploadDefinitionAsync(TestDefinitions.Single(
            "swept", "long", retryCount: 1, extra: """, "retryBackoff": { "initial": "PT0S" }"""));
        await server.Client.StartInstanceAsync("swept");
        var held = Assert.Single(await server.Client.PollJobsAsync("w", ["long"], 1));

        time.Advance(TimeSpan.FromSeconds(32)); // fires the sweeper's timer past the lease
        var retried = await Eventually.ReturnsAsync(
            () => server.Client.PollJobsAsync("w2", ["long"], 1), jobs => jobs.Count == 1, "the sweeper to release the job");
        Assert.Equal(held.Id, retried[0].Id);
    }

    [Fact]
    public async Task Heartbeat_extends_the_lease_so_the_job_is_not_taken_back()
    {
        var time = new FakeTimeProvider();
        await using var server = await WeftTestServer.StartAsync(time, o => o.SweepInterval = NoSweeps);
        await server.Client.UploadDefinitionAsync(TestDefinitions.Single("beat", "long"));
        var instance = await server.Client.StartInstanceAsync("beat");
        var held = Assert.Single(await server.Client.PollJobsAsync("w", ["long"], 1));

        time.Advance(TimeSpan.FromSeconds(20));
        var extended = await server.Client.HeartbeatJobAsync(held.Id, "w");
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromSeconds(30), extended);
        time.Advance(TimeSpan.FromSeconds(20)); // past the first lease, inside the extended one
        Assert.Equal(0, (await server.Engine.Jobs.ExpireLeasesAsync()).Handled);

        var stranger = await Assert.ThrowsAsync<WeftApiException>(() => server.Client.HeartbeatJobAsync(held.Id, "intruder"));
        Assert.Equal(HttpStatusCode.Conflict, stranger.StatusCode);
        await server.Client.CompleteJobAsync(held.Id, "w", null);
        Assert.Equal(InstanceStatus.Completed, (await server.Client.GetInstanceAsync(instance.Id)).Status);
    }

    [Fact]
    public async Task Cancel_makes_jobs_unpollable_and_cascades_to_the_running_step()
    {
        await using var server = await WeftTestServer.StartAsync();
        await server.Client.UploadDefinitionAsync(TestDefinitions.Single("cancel-me", "work"));
        var waiting = await server.Client.StartInstanceAsync("cancel-me");
        var held = await server.Client.StartInstanceAsync("cancel-me");
        var heldJob = Assert.Single(await server.Client.PollJobsAsync("w", ["work"], 1));
        Assert.Equal(waiting.Id, heldJob.InstanceId); // oldest first

        var cancelled = await server.Client.CancelInstanceAsync(waiting.Id, "customer withdrew");
        Assert.Equal(InstanceStatus.Cancelled, cancelled.Status);
        Assert.Equal("customer withdrew", cancelled.FailureReason);
        await server.Client.CancelInstanceAsync(held.Id);

        Assert.Empty(await server.Client.PollJobsAsync("w", ["work"], 10));
        var late = await Assert.ThrowsAsync<WeftApiException>(() => server.Client.CompleteJobAsync(heldJob.Id, "w", null));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("cancelled", late.Message, StringComparison.Ordinal);
        Assert.Equal("CANCELLED", Assert.Single(await server.Client.GetHistoryAsync(waiting.Id)).Status);

        var again = await Assert.ThrowsAsync<WeftApiException>(() => server.Client.CancelInstanceAsync(waiting.Id));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already CANCELLED", again.Message, StringComparison.Ordinal);
    }
}
