using System.Text.Json.Nodes;
using Weft.Worker.Handlers;
using Weft.Worker.Running;
using Weft.Worker.Tests.Fakes;

namespace Weft.Worker.Tests.Running;

/// <summary>The Runner reports jobs that finish together in one request, and one by one to a server without the batch routes.</summary>
public sealed class BatchReportTests : IAsyncLifetime
{
    private FakeWeftServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeWeftServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Jobs_that_finish_together_are_reported_in_fewer_requests_than_jobs_each_with_its_own_outcome()
    {
        for (var i = 0; i < 20; i++)
        {
            _server.EnqueueJob($"j{i}", i % 4 == 0 ? "bad" : "good", new JsonObject { ["n"] = i });
        }

        // Every handler waits until all 20 have started, so that they all finish at once.
        var arrived = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task TogetherAsync()
        {
            if (Interlocked.Increment(ref arrived) == 20)
            {
                all.SetResult();
            }

            await all.Task;
        }

        var registry = new HandlerRegistry()
            .Register("good", async (context, _) =>
            {
                await TogetherAsync();
                return new JsonObject { ["double"] = context.GetVariable<int>("n") * 2 };
            })
            .Register("bad", async (_, _) =>
            {
                await TogetherAsync();
                throw new NonRetryableException("bad input");
            });
        await using var worker = new WorkerUnderTest(_server.BaseAddress, registry, new RunnerOptions { Parallelism = 20 });

        for (var i = 0; i < 20; i++)
        {
            var entry = i % 4 == 0 ? await _server.WaitForFailureAsync($"j{i}") : await _server.WaitForCompletionAsync($"j{i}");
            if (i % 4 == 0)
            {
                Assert.Equal(("bad input", false), (entry["errorMessage"]!.GetValue<string>(), entry["retryable"]!.GetValue<bool>()));
            }
            else
            {
                Assert.Equal(i * 2, entry["variables"]!["double"]!.GetValue<int>());
            }
        }

        var batches = _server.RequestsTo("POST", "/v1/jobs/complete").Concat(_server.RequestsTo("POST", "/v1/jobs/fail")).ToList();
        Assert.Equal(20, batches.Sum(b => JsonNode.Parse(b.Body)!.AsArray().Count));
        Assert.True(batches.Count < 20, $"{batches.Count} requests for 20 jobs that finished together");
    }

    [Fact]
    public async Task A_server_without_batch_routes_gets_one_request_per_job()
    {
        _server.WithoutBatchRoutes = true;
        _server.EnqueueJob("j1", "good");
        _server.EnqueueJob("j2", "good");
        await using var worker = new WorkerUnderTest(_server.BaseAddress, new HandlerRegistry().Register("good", _ => new JsonObject { ["ok"] = true }));

        await _server.WaitForCompletionAsync("j1");
        await _server.WaitForCompletionAsync("j2");

        Assert.Single(_server.RequestsTo("POST", "/v1/jobs/complete")); // tried once, answered 404, not tried again
        Assert.Single(_server.RequestsTo("POST", "/v1/jobs/j1/complete"));
        Assert.Single(_server.RequestsTo("POST", "/v1/jobs/j2/complete"));
        Assert.DoesNotContain(worker.Logger.Entries.Snapshot(), e => e.Message.Contains("gave up", StringComparison.OrdinalIgnoreCase));
    }
}
