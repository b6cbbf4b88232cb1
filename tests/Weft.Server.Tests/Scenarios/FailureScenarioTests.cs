using System.Net;
using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;
using Weft.Worker.Handlers;
using static Weft.Server.Tests.Scenarios.ScenarioJson;

namespace Weft.Server.Tests.Scenarios;

/// <summary>Jobs that fail: retries, backoff, lost leases, non-retryable errors, and retrying a failed instance.</summary>
public sealed class FailureScenarioTests
{
    private static string Charge(int retryCount, string backoff = """{ "initial": "PT0S" }""") => $$"""
        { "id": "charge", "steps": [
          { "id": "charge-card", "type": "SERVICE_TASK", "jobType": "payments", "retryCount": {{retryCount}}, "retryBackoff": {{backoff}}, "nextStep": "done" },
          { "id": "done", "type": "END" } ] }
        """;

    [Fact]
    public async Task A_job_that_fails_then_succeeds_on_a_retry_completes_the_instance()
    {
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        await api.DeployAsync(Charge(retryCount: 3));
        var calls = 0;
        scenario.StartWorker(new HandlerRegistry().Register("payments", job =>
            Interlocked.Increment(ref calls) <= 2
                ? throw new InvalidOperationException($"bank timeout ({job.RetriesRemaining} retries left)")
                : new JsonObject { ["chargeId"] = "ch_1" }));

        var id = (string)(await api.StartAsync("charge"))["id"]!;
        var done = await api.WaitForStatusAsync(id, "COMPLETED");

        Assert.Equal("ch_1", (string?)done["variables"]!["chargeId"]);
        var attempts = await api.HistoryOfAsync(id, "charge-card");
        Assert.Equal(["FAILED", "FAILED", "COMPLETED"], Column(attempts, "status"));
        Assert.Equal([1, 2, 3], attempts.Select(a => (int)a["attemptNumber"]!));
        Assert.Equal(["bank timeout (3 retries left)", "bank timeout (2 retries left)", null], Column(attempts, "failureReason"));
    }

    [Fact]
    public async Task A_job_that_keeps_failing_uses_up_its_retries_and_fails_the_instance_with_the_reason()
    {
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        await api.DeployAsync(Charge(retryCount: 2));
        scenario.StartWorker(new HandlerRegistry().Register("payments", JsonObject? (JobContext _) => throw new InvalidOperationException("card declined")));

        var id = (string)(await api.StartAsync("charge"))["id"]!;
        var failed = await api.WaitForStatusAsync(id, "FAILED");

        Assert.Equal("Step 'charge-card' failed after 3 attempt(s): card declined", (string?)failed["failureReason"]);
        Assert.Equal(["charge-card"], CurrentSteps(failed));
        var attempts = await api.HistoryAsync(id);
        Assert.Equal(["FAILED", "FAILED", "FAILED"], Column(attempts, "status"));
        Assert.All(attempts, a => Assert.Equal("card declined", (string?)a["failureReason"]));
        Assert.Empty(await api.PollAsync("anyone", "payments"));
    }

    [Fact]
    public async Task A_retry_is_not_handed_out_before_its_backoff_on_the_clock_and_is_after()
    {
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        await api.DeployAsync(Charge(retryCount: 2, backoff: """{ "initial": "PT10S", "factor": 2 }"""));
        var id = (string)(await api.StartAsync("charge"))["id"]!;

        var first = Assert.Single(await api.PollAsync("w", "payments"));
        var jobId = (string)first["id"]!;
        await WeftApi.ExpectAsync(await api.FailJobAsync(jobId, "w", "busy"), HttpStatusCode.NoContent);
        scenario.Time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.Empty(await api.PollAsync("w", "payments"));
        scenario.Time.Advance(TimeSpan.FromSeconds(0.1));
        var second = Assert.Single(await api.PollAsync("w", "payments"));
        Assert.Equal(jobId, (string?)second["id"]);
        Assert.Equal(1, (int)second["retriesRemaining"]!);

        // The second retry waits twice as long.
        await WeftApi.ExpectAsync(await api.FailJobAsync(jobId, "w", "still busy"), HttpStatusCode.NoContent);
        scenario.Time.Advance(TimeSpan.FromSeconds(19));
        Assert.Empty(await api.PollAsync("w", "payments"));
        scenario.Time.Advance(TimeSpan.FromSeconds(1));
        var third = Assert.Single(await api.PollAsync("w", "payments"));
        Assert.Equal(0, (int)third["retriesRemaining"]!);
        await WeftApi.ExpectAsync(await api.CompleteJobAsync(jobId, "w", new JsonObject { ["ok"] = true }), HttpStatusCode.NoContent);

        Assert.Equal("COMPLETED", await api.StatusAsync(id));
        Assert.Equal(["FAILED", "FAILED", "COMPLETED", "COMPLETED"], Column(await api.HistoryAsync(id), "status"));
    }

    [Fact]
    public async Task A_lease_that_runs_out_costs_a_retry_and_the_job_is_handed_out_again()
    {
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        await api.DeployAsync(Charge(retryCount: 1));
        var id = (string)(await api.StartAsync("charge"))["id"]!;

        // Past the grace a freshly started server gives every lease (one step lease, 30 s, from its start), so that
        // only the poll's own 10 s lease counts.
        scenario.Time.Advance(TimeSpan.FromMinutes(1));
        var held = Assert.Single(await api.PollAsync("crashed-worker", "payments", leaseSeconds: 10));
        Assert.Equal(1, (int)held["retriesRemaining"]!);
        scenario.Time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, (await scenario.Server.Engine.Jobs.ExpireLeasesAsync()).Handled);
        scenario.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, (await scenario.Server.Engine.Jobs.ExpireLeasesAsync()).Handled);

        // A real worker gets the same job again, with one retry fewer.
        var seen = new List<int>();
        scenario.StartWorker(new HandlerRegistry().Register("payments", job =>
        {
            lock (seen)
            {
                seen.Add(job.RetriesRemaining);
            }

            return new JsonObject { ["chargeId"] = job.Id };
        }), workerId: "healthy-worker");
        var done = await api.WaitForStatusAsync(id, "COMPLETED");

        Assert.Equal([0], seen);
        Assert.Equal((string?)held["id"], (string?)done["variables"]!["chargeId"]);
        var attempts = await api.HistoryOfAsync(id, "charge-card");
        Assert.Equal(["FAILED", "COMPLETED"], Column(attempts, "status"));
        Assert.Contains("lease of worker 'crashed-worker' expired", (string?)attempts[0]["failureReason"], StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(await api.CompleteJobAsync((string)held["id"]!, "crashed-worker"), 409, "is already completed");
    }

    [Fact]
    public async Task A_non_retryable_failure_fails_the_instance_at_once_whatever_its_retries()
    {
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        await api.DeployAsync(Charge(retryCount: 5));
        var calls = 0;
        scenario.StartWorker(new HandlerRegistry().Register("payments", JsonObject? (JobContext _) =>
        {
            Interlocked.Increment(ref calls);
            throw new NonRetryableException("card number is invalid");
        }));

        var id = (string)(await api.StartAsync("charge"))["id"]!;
        var failed = await api.WaitForStatusAsync(id, "FAILED");

        Assert.Equal("Step 'charge-card' failed with a non-retryable error: card number is invalid", (string?)failed["failureReason"]);
        var attempt = Assert.Single(await api.HistoryAsync(id));
        Assert.Equal("FAILED", (string?)attempt["status"]);
        Assert.Equal("card number is invalid", (string?)attempt["failureReason"]);
        Assert.Empty(await api.PollAsync("anyone", "payments"));
        Assert.Equal(1, Volatile.Read(ref calls));
    }

    [Fact]
    public async Task Retrying_a_failed_instance_runs_the_failed_step_again_with_fresh_retries_and_it_completes()
    {
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        await api.DeployAsync("""
            { "id": "flaky", "steps": [
              { "id": "prepare", "type": "SERVICE_TASK", "nextStep": "charge-card" },
              { "id": "charge-card", "type": "SERVICE_TASK", "jobType": "payments", "retryCount": 1, "retryBackoff": { "initial": "PT0S" }, "nextStep": "done" },
              { "id": "done", "type": "END" } ] }
            """);

        // Fails three times: both attempts of the first run, and the first attempt after the retry.
        var calls = 0;
        scenario.StartWorker(new HandlerRegistry()
            .Register("prepare", _ => new JsonObject { ["prepared"] = 1 })
            .Register("payments", job => Interlocked.Increment(ref calls) <= 3
                ? throw new InvalidOperationException($"bank down (call {Volatile.Read(ref calls)})")
                : new JsonObject { ["chargeId"] = "ch_9", ["retriesLeft"] = job.RetriesRemaining }));

        var id = (string)(await api.StartAsync("flaky"))["id"]!;
        var failed = await api.WaitForStatusAsync(id, "FAILED");
        Assert.Equal("Step 'charge-card' failed after 2 attempt(s): bank down (call 2)", (string?)failed["failureReason"]);

        var retried = await api.RetryAsync(id);
        Assert.Equal("ACTIVE", (string?)retried["status"]);
        Assert.Null(retried["failureReason"]);
        var done = await api.WaitForStatusAsync(id, "COMPLETED");

        Assert.Null(done["failureReason"]);
        Assert.Equal("ch_9", (string?)done["variables"]!["chargeId"]);
        Assert.Equal(0, (int)done["variables"]!["retriesLeft"]!); // the fresh retry was used by call 3's failure
        Assert.Equal(4, Volatile.Read(ref calls));
        Assert.Single(await api.HistoryOfAsync(id, "prepare")); // only the failed step ran again
        Assert.Equal(["FAILED", "FAILED", "FAILED", "COMPLETED"], Column(await api.HistoryOfAsync(id, "charge-card"), "status"));
    }
}
