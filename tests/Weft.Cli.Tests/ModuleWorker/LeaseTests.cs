using System.Text.Json.Nodes;
using Weft.Cli.Tests.PythonWorker;
using Weft.Server.Tests.Support;

namespace Weft.Cli.Tests.ModuleWorker;

/// <summary>With a 5-second lease: a live worker keeps it with heartbeats; a frozen one loses its job to another worker.</summary>
public sealed class LeaseTests : IAsyncLifetime
{
    private WeftTestServer _server = null!;
    private WeftRest _rest = null!;

    public async Task InitializeAsync()
    {
        _server = await WeftTestServer.StartAsync();
        _rest = new WeftRest(_server.Http);
        await OneStep.DeployAsync(_rest, "cs-report", "reporting_task", retryCount: 3, timeout: "PT5S");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_live_worker_keeps_the_lease_of_a_task_that_runs_longer_than_it()
    {
        using var worker = await ModuleWorkerProcess.StartedSamplesAsync(_server.BaseAddress, "--worker-id", "live");

        var id = await _rest.StartAsync("cs-report", new JsonObject { ["seconds"] = 11 });
        var instance = await _rest.WaitUntilFinishedAsync(id);

        Assert.True((string?)instance["status"] == "COMPLETED", instance.ToJsonString());
        var runs = await _rest.RunStepHistoryAsync(id);
        var run = Assert.Single(runs); // one attempt: the lease never ran out
        Assert.Equal(11, run["progress"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_worker_that_stops_heartbeating_loses_its_job_which_another_worker_claims_and_completes()
    {
        using var frozen = await ModuleWorkerProcess.StartedSamplesAsync(_server.BaseAddress, "--worker-id", "frozen");
        var id = await _rest.StartAsync("cs-report", new JsonObject { ["seconds"] = 2 });
        await _rest.WaitForProgressAsync(id);
        frozen.Signal("STOP"); // alive but silent: no heartbeat, no report

        using var rescuer = await ModuleWorkerProcess.StartedSamplesAsync(_server.BaseAddress, "--worker-id", "rescuer");
        var instance = await _rest.WaitUntilFinishedAsync(id);

        var attempts = await _rest.RunStepHistoryAsync(id);
        Assert.True((string?)instance["status"] == "COMPLETED", string.Join('\n', attempts.Select(a => a.ToJsonString())));
        // Two attempts on a quiet machine; on a very busy one the rescuer's own 5-second lease may run out once too.
        Assert.InRange(attempts.Count, 2, 3);
        Assert.Equal("FAILED", (string?)attempts[0]["status"]);
        Assert.Contains("lease of worker 'frozen' expired", (string?)attempts[0]["failureReason"], StringComparison.Ordinal);
        Assert.Equal("COMPLETED", (string?)attempts[^1]["status"]);
        await rescuer.WaitForLineAsync("(reporting_task) completed");
        frozen.Signal("KILL");
    }
}
