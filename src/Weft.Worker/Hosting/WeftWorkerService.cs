using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Weft.Worker.Client;
using Weft.Worker.Handlers;
using Weft.Worker.Running;
using Weft.Worker.Tasks;

namespace Weft.Worker.Hosting;

/// <summary>The hosted service behind <see cref="WeftWorkerServiceCollectionExtensions.AddWeftWorker"/>.</summary>
internal sealed class WeftWorkerService(
    IOptions<WeftWorkerOptions> options,
    IEnumerable<WeftWorkerTasks> taskSets,
    IServiceProvider services,
    ILoggerFactory loggers,
    IHostApplicationLifetime lifetime) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly ILogger _logger = loggers.CreateLogger("Weft.Worker");
    private WeftClient? _client;
    private Task? _running;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        List<TaskMethod> tasks = [.. taskSets.SelectMany(set => set.Tasks)];
        if (tasks.Count == 0)
        {
            throw new InvalidOperationException("The Weft worker has no tasks: add them with services.AddWeftWorker(...).AddTasks<T>().");
        }

        var registry = new HandlerRegistry();
        foreach (var task in tasks)
        {
            registry.Register(task, services);
        }

        settings.Logger ??= _logger;
        _client = new WeftClient(settings.ServerUrl!, settings.ApiKey ?? WeftClient.ApiKeyFromEnvironment());
        if (settings.PublishCatalog)
        {
            foreach (var published in await TaskCatalog.PublishAsync(_client, tasks, settings.Namespace, cancellationToken))
            {
                WeftWorkerLog.CatalogPublished(_logger, published.Namespace, published.Tasks.Count, settings.ServerUrl!);
            }
        }

        var runner = new Runner(_client, registry, settings);
        _running = RunAsync(runner);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_running is null)
        {
            return;
        }

        // Drain; when the host stops waiting (its shutdown timeout, or the caller's token), abort instead.
        await _stopping.CancelAsync();
        using (cancellationToken.Register(_abort.Cancel))
        {
            await _running;
        }
    }

    public void Dispose()
    {
        _client?.Dispose();
        _stopping.Dispose();
        _abort.Dispose();
    }

    private async Task RunAsync(Runner runner)
    {
        try
        {
            await Task.Run(() => runner.RunAsync(_stopping.Token, _abort.Token));
        }
        catch (Exception exception)
        {
            WeftWorkerLog.RunnerFailed(_logger, exception);
            lifetime.StopApplication();
        }
    }
}
