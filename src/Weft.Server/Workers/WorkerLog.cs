using Microsoft.Extensions.Logging;

namespace Weft.Server.Workers;

internal static partial class WorkerLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record a poll of worker {WorkerId}; its next poll tries again")]
    public static partial void RecordingFailed(ILogger logger, Exception exception, string workerId);
}
