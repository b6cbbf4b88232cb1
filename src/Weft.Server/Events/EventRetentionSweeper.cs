using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Weft.Engine;

namespace Weft.Server.Events;

/// <summary>
/// Every minute (by the engine's clock), deletes the events older than the retention, in batches. Every node runs it;
/// concurrent sweeps delete the same prefix of the table, which is harmless. A failed sweep is logged and tried again.
/// </summary>
internal sealed partial class EventRetentionSweeper(WeftEngine engine, ILogger<EventRetentionSweeper> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, engine.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var deleted = await engine.Events.PruneAsync(stoppingToken);
                    if (deleted > 0)
                    {
                        LogPruned(deleted);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogPruneFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deleted {Count} event(s) older than the retention")]
    private partial void LogPruned(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Deleting old events failed; it runs again in a minute")]
    private partial void LogPruneFailed(Exception exception);
}
