using System.Text.Json.Nodes;
using Weft.Cli.Tests.PythonWorker;
using Weft.Server.Tests.Support;

namespace Weft.Cli.Tests.ModuleWorker;

public sealed class CatalogTests : IAsyncLifetime
{
    private static readonly string[] SampleTasks = ["double", "echo", "error_placeholder", "reporting_task", "zero_division"];
    private WeftTestServer _server = null!;
    private WeftRest _rest = null!;

    public async Task InitializeAsync()
    {
        _server = await WeftTestServer.StartAsync();
        _rest = new WeftRest(_server.Http);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_worker_replaces_its_namespace_with_the_modules_typed_tasks_and_polls_for_them()
    {
        // A task the module no longer offers: publishing replaces the namespace, so it goes.
        using var put = await _server.Http.PutAsync("/v1/catalog/samples", new StringContent(
            """{"tasks":[{"name":"retired_task"}]}""", System.Text.Encoding.UTF8, "application/json"));
        put.EnsureSuccessStatusCode();

        using (var worker = await ModuleWorkerProcess.StartedSamplesAsync(_server.BaseAddress, "--worker-id", "catalog-worker"))
        {
            var catalog = await _rest.GetAsync("/v1/catalog/samples");
            Assert.Equal(SampleTasks, catalog["tasks"]!.AsArray().Select(t => (string?)t!["name"]));
            var doubling = catalog["tasks"]!.AsArray().Single(t => (string?)t!["name"] == "double")!;
            Assert.Equal("1.0", (string?)doubling["version"]);
            Assert.Equal(
                [("value", "integer", true), ("amount", "number", false)],
                doubling["inputs"]!.AsArray().Select(i => ((string?)i!["name"], (string?)i["type"], (bool)i["required"]!)));
            Assert.Equal(0, (double)doubling["inputs"]![1]!["default"]!);
            Assert.Equal([("value", "integer"), ("amount", "number")], doubling["outputs"]!.AsArray().Select(o => ((string?)o!["name"], (string?)o["type"])));
            var reporting = catalog["tasks"]!.AsArray().Single(t => (string?)t!["name"] == "reporting_task")!;
            Assert.Equal("PT1H", (string?)reporting["timeout"]);
            Assert.Equal(["seconds"], reporting["inputs"]!.AsArray().Select(i => (string?)i!["name"])); // the IJobContext is no input

            var workers = await _rest.WaitForAsync("/v1/workers", w => w["items"] is JsonArray { Count: > 0 }, "the worker's first poll");
            var seen = workers["items"]!.AsArray().Single(w => (string?)w!["workerId"] == "catalog-worker")!;
            Assert.Equal(SampleTasks, seen["jobTypes"]!.AsArray().Select(t => (string?)t).Order(StringComparer.Ordinal));

            worker.Signal("TERM");
            Assert.Equal(0, await worker.WaitForExitAsync());
            Assert.Contains("Stopped.", worker.Lines);
        }

        using (var worker = await ModuleWorkerProcess.StartedSamplesAsync(_server.BaseAddress, "--namespace", "elsewhere"))
        {
            Assert.Contains(worker.Lines, l => l.Contains("(catalog elsewhere)", StringComparison.Ordinal));
            var catalog = await _rest.GetAsync("/v1/catalog/elsewhere");
            Assert.Equal(SampleTasks, catalog["tasks"]!.AsArray().Select(t => (string?)t!["name"]));
        }
    }
}
