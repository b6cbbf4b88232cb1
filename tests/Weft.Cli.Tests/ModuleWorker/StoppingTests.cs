using System.Text.Json.Nodes;
using Weft.Cli.Tests.PythonWorker;
using Weft.Server.Tests.Support;

namespace Weft.Cli.Tests.ModuleWorker;

/// <summary>SIGTERM lets the running task finish and report; a second one aborts it.</summary>
public sealed class StoppingTests : IAsyncLifetime
{
    private WeftTestServer _server = null!;
    private WeftRest _rest = null!;
    private ModuleWorkerProcess _worker = null!;

    public async Task InitializeAsync()
    {
        _server = await WeftTestServer.StartAsync();
        _rest = new WeftRest(_server.Http);
        await OneStep.DeployAsync(_rest, "cs-report", "reporting_task");
        await OneStep.DeployAsync(_rest, "cs-echo", "echo");
        _worker = await ModuleWorkerProcess.StartedSamplesAsync(_server.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        _worker.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Sigterm_lets_the_running_task_finish_and_report_then_the_worker_exits_0_without_taking_new_jobs()
    {
        var id = await _rest.StartAsync("cs-report", new JsonObject { ["seconds"] = 3 });
        var jobId = await _rest.WaitForProgressAsync(id);

        _worker.Signal("TERM");
        await _worker.WaitForLineAsync("waiting for 1 running job(s) to finish");
        var later = await _rest.StartAsync("cs-echo", new JsonObject { ["message"] = "too late" });

        Assert.Equal(0, await _worker.WaitForExitAsync());
        var instance = await _rest.GetAsync($"/v1/instances/{id}");
        Assert.Equal("COMPLETED", (string?)instance["status"]);
        Assert.Equal(3, (int)instance["variables"]!["secondsRun"]!);
        Assert.Contains(_worker.Lines, l => l.Contains($"Job {jobId} (reporting_task) completed", StringComparison.Ordinal));
        Assert.Contains("Stopped.", _worker.Lines);
        Assert.Equal("ACTIVE", (string?)(await _rest.GetAsync($"/v1/instances/{later}"))["status"]);
        Assert.DoesNotContain(_worker.Lines, l => l.Contains("(echo)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_sigterm_aborts_the_running_task_which_is_not_reported_and_the_worker_exits_1()
    {
        var id = await _rest.StartAsync("cs-report", new JsonObject { ["seconds"] = 300 });
        var jobId = await _rest.WaitForProgressAsync(id);

        _worker.Signal("TERM");
        await _worker.WaitForLineAsync("waiting for 1 running job(s) to finish");
        _worker.Signal("TERM");

        Assert.Equal(1, await _worker.WaitForExitAsync());
        Assert.Contains(_worker.Lines, l => l.Contains($"Job {jobId} (reporting_task) aborted, not reported", StringComparison.Ordinal));
        Assert.Contains("weft worker: aborted: the running jobs were not reported; the server hands them out again when their leases end.", _worker.Lines);
        Assert.DoesNotContain("Stopped.", _worker.Lines);
        var job = await _rest.GetAsync($"/v1/jobs/{jobId}");
        Assert.Equal("LOCKED", (string?)job["status"]); // still leased to the aborted worker: neither completed nor failed
        Assert.Equal("ACTIVE", (string?)(await _rest.GetAsync($"/v1/instances/{id}"))["status"]);
        Assert.DoesNotContain(_worker.Lines, l => l.Contains(") completed", StringComparison.Ordinal) || l.Contains(") failed", StringComparison.Ordinal));
    }
}
