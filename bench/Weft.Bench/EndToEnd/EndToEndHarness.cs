using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Weft.Server.Hosting;
using Weft.Worker.Client;
using Weft.Worker.Handlers;
using Weft.Worker.Running;

namespace Weft.Bench.EndToEnd;

/// <summary>
/// Throughput and latency of the whole path: a real server on a temporary SQLite file, instances started over
/// HTTP, and a real Runner completing a SERVICE_TASK → SERVICE_TASK → END definition over HTTP.
/// </summary>
public static class EndToEndHarness
{
    private const string Definition = """
        {
          "id": "bench",
          "steps": [
            { "id": "a", "type": "SERVICE_TASK", "jobType": "bench-a", "nextStep": "b" },
            { "id": "b", "type": "SERVICE_TASK", "jobType": "bench-b", "nextStep": "end" },
            { "id": "end", "type": "END" }
          ]
        }
        """;

    public static async Task RunAsync(int instances, int parallelism)
    {
        var folder = Directory.CreateTempSubdirectory("weft-bench-");
        try
        {
            var app = WeftServer.Build(new WeftServerOptions { Database = Path.Combine(folder.FullName, "weft.db"), Urls = "http://127.0.0.1:0" });
            await using (app)
            {
                await app.StartAsync();
                var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
                using var client = new WeftClient(address);
                await client.UploadDefinitionAsync(Definition);

                var started = Stopwatch.StartNew();
                var ids = new List<string>(instances);
                for (var i = 0; i < instances; i++)
                {
                    ids.Add((await client.StartInstanceAsync("bench", new JsonObject { ["n"] = i })).Id);
                }

                var startSeconds = started.Elapsed.TotalSeconds;
                var registry = new HandlerRegistry()
                    .Register("bench-a", job => new JsonObject { ["a"] = true })
                    .Register("bench-b", job => new JsonObject { ["b"] = true });
                using var stop = new CancellationTokenSource();
                var runner = new Runner(client, registry, new RunnerOptions
                {
                    WorkerId = "bench",
                    Parallelism = parallelism,
                    PollInterval = TimeSpan.FromMilliseconds(10),
                    WaitMs = 1000,
                });
                var run = Stopwatch.StartNew();
                var running = runner.RunAsync(stop.Token);
                while ((await client.ListInstancesAsync(status: InstanceStatus.Completed, pageSize: 1)).Total < instances)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(20));
                }

                var runSeconds = run.Elapsed.TotalSeconds;
                await stop.CancelAsync();
                await running;

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                    instances: {instances}, worker parallelism: {parallelism}, SQLite (WAL, synchronous=FULL)
                    start:     {instances / startSeconds:F0} instances/s over HTTP, one client, sequential
                    complete:  {instances / runSeconds:F0} instances/s = {2 * instances / runSeconds:F0} jobs/s (poll + complete over HTTP)
                    """));
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
