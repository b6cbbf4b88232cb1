using System.Text.Json.Nodes;
using Weft.Cli.Tests.PythonWorker;
using Weft.Server.Tests.Support;

namespace Weft.Cli.Tests.ModuleWorker;

public sealed class AutocompleteTests : IAsyncLifetime
{
    private WeftTestServer _server = null!;
    private WeftRest _rest = null!;

    public async Task InitializeAsync()
    {
        _server = await WeftTestServer.StartAsync();
        _rest = new WeftRest(_server.Http);
        await OneStep.DeployAsync(_rest, "cs-echo", "echo", timeout: "PT5M");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task With_autocomplete_false_a_finished_task_leaves_its_job_locked_for_an_external_completion_by_id()
    {
        using var worker = await ModuleWorkerProcess.StartedSamplesAsync(_server.BaseAddress, "--autocomplete", "false", "--worker-id", "left-running");
        var id = await _rest.StartAsync("cs-echo", new JsonObject { ["message"] = "later" });

        var line = await worker.WaitForLineAsync("(echo) returned 1 output variable(s) and is left running");
        var jobId = line.Split("Job ", 2)[1].Split(' ', 2)[0];
        var job = await _rest.GetAsync($"/v1/jobs/{jobId}");
        Assert.Equal("LOCKED", (string?)job["status"]);
        Assert.Equal("left-running", (string?)job["workerId"]);
        Assert.Equal("ACTIVE", (string?)(await _rest.GetAsync($"/v1/instances/{id}"))["status"]);

        // The outside system completes it, in the worker's name.
        await _rest.PostAsync($"/v1/jobs/{jobId}/complete", new JsonObject { ["workerId"] = "left-running", ["variables"] = new JsonObject { ["echo"] = "done outside" } });

        var instance = await _rest.WaitUntilFinishedAsync(id);
        Assert.Equal("COMPLETED", (string?)instance["status"]);
        Assert.Equal("done outside", (string?)instance["variables"]!["echo"]);
    }
}
