using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;

namespace Weft.Cli.Tests.PythonWorker;

public sealed class CancellationTests : IAsyncLifetime
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
    public async Task Cancelling_the_instance_stops_the_running_task_which_is_not_reported_and_the_worker_goes_on()
    {
        // 300 seconds: long past every wait of this test, so only the cancellation can end the task in time.
        var id = await _rest.StartAsync("py-report", new JsonObject { ["seconds"] = 300 });
        var jobId = await _rest.WaitForProgressAsync(id);

        await _rest.PostAsync($"/v1/instances/{id}/cancel", new JsonObject { ["reason"] = "no longer needed" });

        var line = await _worker.WaitForLineAsync($"job {jobId} reporting_task: cancelled");
        Assert.Contains("409", line, StringComparison.Ordinal);
        Assert.Contains("not reported", line, StringComparison.Ordinal);
        Assert.Equal("CANCELLED", (string?)(await _rest.GetAsync($"/v1/jobs/{jobId}"))["status"]);

        // The task has stopped: the worker, which runs one task at a time, takes the next job.
        var next = await _rest.StartAsync("py-echo", new JsonObject { ["message"] = "next" });
        Assert.Equal("COMPLETED", (string?)(await _rest.WaitUntilFinishedAsync(next))["status"]);
        Assert.DoesNotContain(_worker.Lines, l => l.Contains($"job {jobId} reporting_task: completed", StringComparison.Ordinal));
        Assert.Equal("CANCELLED", (string?)(await _rest.GetAsync($"/v1/instances/{id}"))["status"]);
    }
}
