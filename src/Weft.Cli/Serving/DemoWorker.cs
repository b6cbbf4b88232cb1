using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Weft.Samples.Tasks;
using Weft.Server.Auth;
using Weft.Server.Hosting;
using Weft.Worker.Client;
using Weft.Worker.Handlers;
using Weft.Worker.Running;
using Weft.Worker.Tasks;

namespace Weft.Cli.Serving;

/// <summary>
/// <c>--demo</c>: once the server listens, publishes the sample module's catalog, uploads samples/definitions, runs the
/// sample tasks against the server over HTTP (as any worker would), starts a few instances and prints how they ended.
/// </summary>
internal sealed class DemoWorker(IServer server, IHostApplicationLifetime lifetime, ILoggerFactory loggers, WeftServerOptions options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(started.SetResult))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        var address = server.Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // The demo deploys and starts instances too, so it needs an admin key when the server has keys.
        var key = options.ApiKeys.FirstOrDefault(k => k.Scope == ApiScope.Admin)?.Key;
        using var client = new WeftClient(new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)), key);
        var tasks = TaskMethod.FindIn(typeof(SampleTasks));
        var registry = new HandlerRegistry();
        foreach (var task in tasks)
        {
            registry.Register(task);
        }

        foreach (var published in await TaskCatalog.PublishAsync(client, tasks, cancellationToken: stoppingToken))
        {
            AnsiConsole.MarkupLineInterpolated($"[green]demo[/] published the catalog [bold]{published.Namespace}[/]: {string.Join(", ", published.Tasks.Select(t => t.Name))}");
        }

        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "samples", "definitions")).Order(StringComparer.Ordinal))
        {
            var contentType = file.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "application/yaml";
            var stored = await client.UploadDefinitionAsync(await File.ReadAllTextAsync(file, stoppingToken), contentType, stoppingToken);
            AnsiConsole.MarkupLineInterpolated($"[green]demo[/] uploaded [bold]{stored["id"]?.ToString()}[/] v{stored["version"]?.ToString()} from {Path.GetFileName(file)}");
        }

        var runner = new Runner(client, registry, new RunnerOptions
        {
            WorkerId = "demo-worker",
            Parallelism = 8,
            Logger = loggers.CreateLogger<Runner>(),
        });
        var running = runner.RunAsync(stoppingToken);

        var instances = new List<WorkflowInstance>();
        for (var value = 1; value <= 3; value++)
        {
            instances.Add(await client.StartInstanceAsync("order-pipeline", new JsonObject { ["value"] = value * 7 }, $"demo-order-{value}", cancellationToken: stoppingToken));
        }

        await ReportAsync(client, instances, stoppingToken);

        // The commands go out as plain lines: a console narrower than a command must not break it in two for copying.
        AnsiConsole.WriteLine();
        AnsiConsole.MarkupLineInterpolated($"[bold]Weft is running at {address}[/] with the sample worker.");
        AnsiConsole.WriteLine($"Job types: {string.Join(", ", tasks.Select(t => t.Name))}.");
        AnsiConsole.WriteLine("Start an instance:");
        Console.WriteLine($"  weft start order-pipeline --var value=21 --server {address}");
        Console.WriteLine($$$"""  curl -s -X POST {{{address}}}/v1/instances -H 'Content-Type: application/json' -d '{"definitionId":"order-pipeline","variables":{"value":21}}'""");
        AnsiConsole.WriteLine("Look at it:");
        Console.WriteLine($"  weft show INSTANCE_ID --server {address}");
        AnsiConsole.WriteLine("Stop the server: Ctrl-C");
        await running;
    }

    private static async Task ReportAsync(WeftClient client, List<WorkflowInstance> instances, CancellationToken cancellationToken)
    {
        AnsiConsole.MarkupLine("[green]demo[/] started 3 instances of order-pipeline:");
        foreach (var instance in instances)
        {
            var current = instance;
            // The worker finishes these within moments; look until each is done (a few seconds at most).
            for (var look = 0; look < 100 && !IsFinished(current.Status); look++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
                current = await client.GetInstanceAsync(instance.Id, cancellationToken);
            }

            // One instance a line, id last: a table of ids and JSON would wrap mid-word in 80 columns.
            AnsiConsole.WriteLine($"  {current.BusinessKey}  {current.Status.ToString().ToUpperInvariant()}  {current.Id}");
            AnsiConsole.WriteLine($"    variables {current.Variables?.ToJsonString() ?? "{}"}");
        }
    }

    private static bool IsFinished(InstanceStatus status) =>
        status is InstanceStatus.Completed or InstanceStatus.Failed or InstanceStatus.Cancelled;
}
