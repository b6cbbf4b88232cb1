using Microsoft.Extensions.Logging;

namespace Weft.Worker.Hosting;

internal static partial class WeftWorkerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Published catalog namespace {Namespace} with {TaskCount} task(s) to {Server}")]
    public static partial void CatalogPublished(ILogger logger, string @namespace, int taskCount, Uri server);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The worker's runner failed; stopping the application")]
    public static partial void RunnerFailed(ILogger logger, Exception exception);
}
