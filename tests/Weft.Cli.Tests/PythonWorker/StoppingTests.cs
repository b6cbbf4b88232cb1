using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;

namespace Weft.Cli.Tests.PythonWorker;

/// <summary>SIGTERM lets the running task finish and report; a second one aborts it.</summary>
public sealed class StoppingTests : IAsyncLifetime
{
    private WeftTestServer _server = null!;
    private WeftRest _rest = null!;
    private PythonWorkerProcess _worker = null!;

    public async Task InitializeAsync()
    {
        _server = await WeftTestServer.StartAsync();
        _rest = new WeftRest(_server.Http);
        await _rest.DeployOneStepAsync("py-report", "reporting_task");
        await _rest.DeployOneStepAsync("py-echo", "echo");
        _worker = PythonWorkerProcess.Start(null, "sample", "--server", _server.BaseAddress.ToString(), "--wait-ms", "2000");
        await _worker.WaitForLineAsync("published 5 task(s)");
    }

    public async Task DisposeAsync()
    {
        _worker.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Sigterm_lets_the_running_task_finish_and_report_then_the_worker_exits_0_without_polling_again()
    {
        var id = await _rest.StartAsync("py-report", new JsonObject { ["seconds"] = 3 });
        var jobId = await _rest.WaitForProgressAsync(id);

        _worker.Signal("TERM");
        await _worker.WaitForLineAsync("SIGTERM: finishing job " + jobId);
        var later = await _rest.StartAsync("py-echo", new JsonObject { ["message"] = "too late" });

        Assert.Equal(0, await _worker.WaitForExitAsync());
        var instance = await _rest.GetAsync($"/v1/instances/{id}");
        Assert.Equal("COMPLETED", (string?)instance["status"]);
        Assert.Equal(3, (int)instance["variables"]!["elapsedSeconds"]!);
        Assert.Contains(_worker.Lines, l => l.Contains($"job {jobId} reporting_task: completed", StringComparison.Ordinal));
        Assert.EndsWith(": stopped", _worker.Lines[^1], StringComparison.Ordinal);
        // Once stopping, it takes no new job.
        Assert.Equal("ACTIVE", (string?)(await _rest.GetAsync($"/v1/instances/{later}"))["status"]);
        Assert.DoesNotContain(_worker.Lines, l => l.Contains(" echo: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_sigterm_aborts_the_running_task_which_is_not_reported_and_the_worker_exits_143()
    {
        var id = await _rest.StartAsync("py-report", new JsonObject { ["seconds"] = 120 });
        var jobId = await _rest.WaitForProgressAsync(id);

        _worker.Signal("TERM");
        await _worker.WaitForLineAsync("SIGTERM: finishing job " + jobId);
        _worker.Signal("TERM");

        Assert.Equal(143, await _worker.WaitForExitAsync());
        await _worker.WaitForLineAsync("SIGTERM again: aborted job " + jobId + ", not reported");
        var job = await _rest.GetAsync($"/v1/jobs/{jobId}");
        Assert.Equal("LOCKED", (string?)job["status"]); // still leased to the aborted worker: neither completed nor failed
        Assert.Equal("ACTIVE", (string?)(await _rest.GetAsync($"/v1/instances/{id}"))["status"]);
        Assert.DoesNotContain(_worker.Lines, l => l.Contains(": completed", StringComparison.Ordinal) || l.Contains(": failed", StringComparison.Ordinal));
    }
}
