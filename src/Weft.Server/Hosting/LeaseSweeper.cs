using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Weft.Engine;

namespace Weft.Server.Hosting;

/// <summary>Takes back the jobs of workers that let their lease run out, every <see cref="WeftServerOptions.SweepInterval"/>.</summary>
internal sealed partial class LeaseSweeper(WeftEngine engine, WeftServerOptions options, ILogger<LeaseSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SweepInterval, engine.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var sweep = await engine.Jobs.ExpireLeasesAsync(stoppingToken);
                    if (sweep.TakenBack > 0)
                    {
                        LogLeasesExpired(sweep.TakenBack);
                    }

                    foreach (var (jobId, error) in sweep.Failures)
                    {
                        LogTakeBackFailed(error, jobId);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogSweepFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Took back {Count} job(s) whose lease expired")]
    private partial void LogLeasesExpired(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not take back job {JobId} whose lease expired; the other jobs were taken back, and it is tried again at the next sweep")]
    private partial void LogTakeBackFailed(Exception exception, string jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lease sweep failed; it will run again at the next interval")]
    private partial void LogSweepFailed(Exception exception);
}
