using Microsoft.Extensions.Logging;

namespace Weft.Server.Events;

internal static partial class EventLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading new events failed; the reader tries again at the next commit or within a second")]
    public static partial void ReadingFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Counting instances, jobs and timers for the metrics failed; the gauges show the last counts read")]
    public static partial void CountingFailed(ILogger logger, Exception exception);
}
