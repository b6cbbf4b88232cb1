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
                    var taken = await engine.Jobs.ExpireLeasesAsync(stoppingToken);
                    if (taken > 0)
                    {
                        LogLeasesExpired(taken);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Lease sweep failed; it will run again at the next interval")]
    private partial void LogSweepFailed(Exception exception);
}
