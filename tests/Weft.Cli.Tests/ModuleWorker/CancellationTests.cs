using System.Text.Json.Nodes;
using Weft.Cli.Tests.PythonWorker;
using Weft.Server.Tests.Support;

namespace Weft.Cli.Tests.ModuleWorker;

public sealed class CancellationTests : IAsyncLifetime
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
        _worker = await ModuleWorkerProcess.StartedSamplesAsync(_server.BaseAddress, "--parallelism", "1");
    }

    public async Task DisposeAsync()
    {
        _worker.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Cancelling_the_instance_stops_the_running_task_which_is_not_reported_and_the_worker_goes_on()
    {
        // 300 seconds: long past every wait of this test, so only the cancellation can end the task in time.
        var id = await _rest.StartAsync("cs-report", new JsonObject { ["seconds"] = 300 });
        var jobId = await _rest.WaitForProgressAsync(id);

        await _rest.PostAsync($"/v1/instances/{id}/cancel", new JsonObject { ["reason"] = "no longer needed" });

        await _worker.WaitForLineAsync($"Job {jobId} (reporting_task): the server answered 409");
        await _worker.WaitForLineAsync($"Job {jobId} (reporting_task) cancelled, not reported");
        Assert.Equal("CANCELLED", (string?)(await _rest.GetAsync($"/v1/jobs/{jobId}"))["status"]);

        // The task has stopped: the worker, which runs one task at a time, takes the next job.
        var next = await _rest.StartAsync("cs-echo", new JsonObject { ["message"] = "next" });
        Assert.Equal("COMPLETED", (string?)(await _rest.WaitUntilFinishedAsync(next))["status"]);
        Assert.DoesNotContain(_worker.Lines, l => l.Contains($"Job {jobId} (reporting_task) completed", StringComparison.Ordinal));
        Assert.Equal("CANCELLED", (string?)(await _rest.GetAsync($"/v1/instances/{id}"))["status"]);
    }
}
