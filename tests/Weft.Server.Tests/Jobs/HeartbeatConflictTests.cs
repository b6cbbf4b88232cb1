using System.Net;
using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;
using Weft.Testing;
using Weft.Worker.Client;

namespace Weft.Server.Tests.Jobs;

/// <summary>
/// A heartbeat for a job the worker no longer holds is 409 (the worker stops the work): the instance was cancelled,
/// the lease was taken back, or the job is finished. An unknown job is 404.
/// </summary>
public sealed class HeartbeatConflictTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private WeftTestServer _server = null!;

    private HttpClient Http => _server.Http;

    public async Task InitializeAsync()
    {
        // Leases are taken back by the test, not by a sweeper on a timer.
        _server = await WeftTestServer.StartAsync(_time, o => o.SweepInterval = TimeSpan.FromDays(1));
        await _server.Client.UploadDefinitionAsync(TestDefinitions.Single("single", "work", retryCount: 1));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_heartbeat_after_the_instance_was_cancelled_is_409_and_the_job_cannot_be_completed()
    {
        var instance = await _server.Client.StartInstanceAsync("single");
        var job = Assert.Single(await _server.Client.PollJobsAsync("w", ["work"], 1));
        await _server.Client.CancelInstanceAsync(instance.Id, "customer withdrew");

        var beat = await HeartbeatAsync(job.Id, "w");

        var problem = await ProblemAssert.IsProblemAsync(beat, 409, $"Job '{job.Id}' was cancelled because its instance '{instance.Id}' was cancelled");
        Assert.Equal("CONFLICT", problem["error"]!.GetValue<string>());
        Assert.Contains("stop the work", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(
            await Http.PostJsonTextAsync($"/v1/jobs/{job.Id}/complete", """{"workerId": "w", "variables": {"done": true}}"""), 409, "was cancelled");
        await ProblemAssert.IsProblemAsync(
            await Http.PostJsonTextAsync($"/v1/jobs/{job.Id}/progress", """{"workerId": "w", "percent": 50}"""), 409, "was cancelled");
        Assert.Equal("CANCELLED", JsonNode.Parse(await Http.GetStringAsync($"/v1/jobs/{job.Id}"))!["status"]!.GetValue<string>());
        var after = await _server.Client.GetInstanceAsync(instance.Id);
        Assert.Equal(InstanceStatus.Cancelled, after.Status);
        Assert.False(after.Variables!.ContainsKey("done"));
    }

    [Fact]
    public async Task A_batched_heartbeat_answers_409_for_the_cancelled_job_and_extends_the_others()
    {
        var cancelled = await _server.Client.StartInstanceAsync("single");
        await _server.Client.StartInstanceAsync("single");
        var jobs = await _server.Client.PollJobsAsync("w", ["work"], 2);
        var doomed = jobs.Single(j => j.InstanceId == cancelled.Id);
        var kept = jobs.Single(j => j.InstanceId != cancelled.Id);
        await _server.Client.CancelInstanceAsync(cancelled.Id);
        _time.Advance(TimeSpan.FromSeconds(5));

        var answer = await Http.PostJsonTextAsync("/v1/jobs/heartbeat", new JsonArray(
            new JsonObject { ["jobId"] = doomed.Id, ["workerId"] = "w" },
            new JsonObject { ["jobId"] = kept.Id, ["workerId"] = "w" }).ToJsonString());

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var results = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["results"]!.AsArray();
        Assert.Equal([409, 200], results.Select(r => r!["status"]!.GetValue<int>()));
        Assert.Contains("was cancelled because its instance", results[0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True((await _server.Client.GetJobAsync(kept.Id)).LockExpiresAt > kept.LockExpiresAt);
    }

    [Fact]
    public async Task A_heartbeat_after_the_lease_was_taken_back_is_409_and_after_another_worker_claimed_the_job_too()
    {
        await _server.Client.StartInstanceAsync("single");
        var lost = Assert.Single(await _server.Client.PollJobsAsync("slow", ["work"], 1));
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, (await _server.Engine.Jobs.ExpireLeasesAsync()).Handled);

        await ProblemAssert.IsProblemAsync(await HeartbeatAsync(lost.Id, "slow"), 409, "its lease was lost or it was never polled. Poll for work again.");

        _time.Advance(TimeSpan.FromMinutes(10));
        var reclaimed = Assert.Single(await _server.Client.PollJobsAsync("fast", ["work"], 1));
        Assert.Equal(lost.Id, reclaimed.Id);

        await ProblemAssert.IsProblemAsync(await HeartbeatAsync(lost.Id, "slow"), 409, "is held by worker 'fast', not 'slow'");
        await ProblemAssert.IsProblemAsync(
            await Http.PostJsonTextAsync($"/v1/jobs/{lost.Id}/complete", """{"workerId": "slow"}"""), 409, "is held by worker 'fast', not 'slow'");
        Assert.Equal(HttpStatusCode.OK, (await HeartbeatAsync(lost.Id, "fast")).StatusCode);
    }

    [Fact]
    public async Task A_heartbeat_for_a_completed_job_is_409()
    {
        await _server.Client.StartInstanceAsync("single");
        var job = Assert.Single(await _server.Client.PollJobsAsync("w", ["work"], 1));
        await _server.Client.CompleteJobAsync(job.Id, "w", null);

        await ProblemAssert.IsProblemAsync(await HeartbeatAsync(job.Id, "w"), 409, "is already completed");
    }

    [Fact]
    public async Task A_heartbeat_for_an_unknown_job_is_404()
    {
        var problem = await ProblemAssert.IsProblemAsync(await HeartbeatAsync("no-such-job", "w"), 404, "Job 'no-such-job' does not exist");
        Assert.Equal("NOT_FOUND", problem["error"]!.GetValue<string>());
    }

    private Task<HttpResponseMessage> HeartbeatAsync(string jobId, string workerId) =>
        Http.PostJsonTextAsync($"/v1/jobs/{jobId}/heartbeat", new JsonObject { ["workerId"] = workerId }.ToJsonString());
}
