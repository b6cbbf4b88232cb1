using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;
using Weft.Worker.Client;
using Weft.Worker.Handlers;
using Weft.Worker.Running;

namespace Weft.Server.Tests.Auth;

public sealed class KeyedWorkerTests
{
    [Fact]
    public async Task A_runner_with_a_worker_key_runs_jobs_of_a_keyed_server_over_http()
    {
        await using var server = await Keys.StartServerAsync();
        using var admin = new WeftClient(server.BaseAddress, Keys.Admin);
        using var worker = new WeftClient(server.BaseAddress, Keys.Worker);
        await admin.UploadDefinitionAsync(TestDefinitions.Linear("keyed", "keyed-a", "keyed-b"));
        var registry = new HandlerRegistry()
            .Register("keyed-a", _ => new JsonObject { ["a"] = true })
            .Register("keyed-b", async (job, _) =>
            {
                await job.ReportProgressAsync(50, "half way");
                return new JsonObject { ["b"] = true };
            });
        using var stop = new CancellationTokenSource();
        var running = new Runner(worker, registry, new RunnerOptions { WorkerId = "keyed-worker", PollInterval = TimeSpan.FromMilliseconds(20) }).RunAsync(stop.Token);

        var instance = await admin.StartInstanceAsync("keyed");
        var done = await Eventually.ReturnsAsync(() => admin.GetInstanceAsync(instance.Id), i => i.Status == InstanceStatus.Completed, "the instance to complete");
        await stop.CancelAsync();
        await running;

        Assert.True(done.Variables!["a"]!.GetValue<bool>());
        Assert.True(done.Variables!["b"]!.GetValue<bool>());
        // The worker key polled, reported and published nothing it may not; it may not read instances.
        var refusal = await Assert.ThrowsAsync<WeftApiException>(() => worker.GetInstanceAsync(instance.Id));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refusal.StatusCode);
    }

    [Fact]
    public async Task A_client_without_a_key_is_refused_with_401()
    {
        await using var server = await Keys.StartServerAsync();
        using var anonymous = new WeftClient(server.BaseAddress, apiKey: null);

        var refusal = await Assert.ThrowsAsync<WeftApiException>(() => anonymous.PollJobsAsync("w", ["t"], 1));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refusal.StatusCode);
        Assert.Contains("WEFT_API_KEY", refusal.Message, StringComparison.Ordinal);
    }
}
