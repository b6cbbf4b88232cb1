using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Weft.Engine;

namespace Weft.Server.Hosting;

/// <summary>
/// Wakes this node's long-polling workers when another node sharing the database makes jobs ready (PostgreSQL's
/// LISTEN/NOTIFY; a SQLite file has no other node). Jobs made ready on this node wake its workers directly; a poll
/// also looks again every second, so a lost notice only delays a job.
/// </summary>
internal sealed partial class ReadyJobListener(WeftEngine engine, ILogger<ReadyJobListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var jobType in engine.Store.ListenForReadyJobsAsync(stoppingToken))
                {
                    engine.Availability.Notify(jobType);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogListenFailed(ex);
                await Task.Delay(TimeSpan.FromSeconds(1), engine.Time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for jobs made ready on other nodes failed; listening again in a second (polls look again every second meanwhile)")]
    private partial void LogListenFailed(Exception exception);
}
