using System.Text.Json.Nodes;
using Weft.Cli.Tests.Support;
using Weft.Server.Tests.Support;

namespace Weft.Cli.Tests.PythonWorker;

public sealed class CatalogTests : IAsyncLifetime
{
    private WeftTestServer _server = null!;
    private WeftRest _rest = null!;

    private string Url => _server.BaseAddress.ToString();

    public async Task InitializeAsync()
    {
        _server = await WeftTestServer.StartAsync();
        _rest = new WeftRest(_server.Http);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_worker_publishes_the_modules_tasks_and_a_restart_with_fewer_tasks_replaces_them()
    {
        using (var worker = PythonWorkerProcess.Start(null, "sample", "--server", Url, "--worker-id", "catalog-worker"))
        {
            await worker.WaitForLineAsync("published 5 task(s) to the catalog 'sample'");

            var catalog = await _rest.GetAsync("/v1/catalog/sample");
            Assert.Equal(
                ["double", "echo", "error_placeholder", "reporting_task", "zero_division"],
                catalog["tasks"]!.AsArray().Select(t => (string?)t!["name"]));
            var zeroDivision = catalog["tasks"]!.AsArray().Single(t => (string?)t!["name"] == "zero_division")!;
            Assert.Equal(["numerator", "denominator"], zeroDivision["inputs"]!.AsArray().Select(i => (string?)i!["name"]));
            Assert.All(zeroDivision["inputs"]!.AsArray(), i => Assert.Equal("number", (string?)i!["type"]));
            Assert.Equal("quotient", (string?)zeroDivision["outputs"]![0]!["name"]);

            // The worker polls for its task names as job types.
            var workers = await _rest.WaitForAsync("/v1/workers", w => w["items"] is JsonArray { Count: > 0 }, "the worker's first poll");
            var seen = workers["items"]!.AsArray().Single(w => (string?)w!["workerId"] == "catalog-worker")!;
            Assert.Equal(
                ["double", "echo", "error_placeholder", "reporting_task", "zero_division"],
                seen["jobTypes"]!.AsArray().Select(t => (string?)t).Order(StringComparer.Ordinal));

            worker.Signal("TERM");
            Assert.Equal(0, await worker.WaitForExitAsync());
        }

        using var folder = new TempFolder();
        folder.Write("fewer.py", """
            # The sample module with two of its five tasks.
            from sample import echo, double, task_definitions as all_definitions

            def task_definitions():
                return [d for d in all_definitions() if d["name"] in ("echo", "double")]
            """);
        using (var worker = PythonWorkerProcess.Start(folder.Path, "fewer", "--namespace", "sample", "--server", Url))
        {
            await worker.WaitForLineAsync("published 2 task(s) to the catalog 'sample'");

            var catalog = await _rest.GetAsync("/v1/catalog/sample");
            Assert.Equal(["double", "echo"], catalog["tasks"]!.AsArray().Select(t => (string?)t!["name"]));
        }
    }

    [Fact]
    public async Task A_catalog_the_server_refuses_stops_the_worker_with_the_servers_reason_and_exit_code_2()
    {
        using var folder = new TempFolder();
        folder.Write("badversion.py", """
            def echo(notify, message):
                return {"echo": message}

            def task_definitions():
                return [{"name": "echo", "version": "v" * 65, "inputs": [{"name": "message", "type": "string"}]}]
            """);

        var (exitCode, stderr) = await PythonWorkerProcess.RunAsync(folder.Path, "badversion", "--server", Url);

        Assert.True(exitCode == 2, $"exit code {exitCode}:\n{stderr}");
        Assert.Matches(@"\Aweft_worker: the server refused the task catalog of 'badversion': [^\n]*version[^\n]*\z", stderr);
        var missing = await _server.Http.GetAsync("/v1/catalog/badversion");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
    }
}
