using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Weft.Engine;

namespace Weft.Server.Hosting;

/// <summary>
/// Every <see cref="WeftServerOptions.SweepInterval"/> (by the engine's clock): takes back the jobs of workers that
/// let their lease run out, and fires the timers that are due. One item that fails is logged and the rest go on.
/// </summary>
internal sealed partial class Sweeper(WeftEngine engine, WeftServerOptions options, ILogger<Sweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SweepInterval, engine.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SweepAsync("lease", engine.Jobs.ExpireLeasesAsync, stoppingToken);
                await SweepAsync("timer", engine.Timers.FireDueAsync, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SweepAsync(string what, Func<CancellationToken, Task<SweepResult>> sweep, CancellationToken stoppingToken)
    {
        try
        {
            var result = await sweep(stoppingToken);
            if (result.Handled > 0)
            {
                LogSwept(result.Handled, what);
            }

            foreach (var (id, error) in result.Failures)
            {
                LogItemFailed(error, what, id);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSweepFailed(ex, what);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep handled {Count} {What}(s)")]
    private partial void LogSwept(int count, string what);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not handle {What} {Id}; the others were handled, and it is tried again at the next sweep")]
    private partial void LogItemFailed(Exception exception, string what, string id);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {What} sweep failed; it runs again at the next interval")]
    private partial void LogSweepFailed(Exception exception, string what);
}
