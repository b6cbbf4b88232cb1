using Microsoft.Extensions.Logging;

namespace Weft.Worker.Running;

internal static partial class RunnerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId} polling for job types {JobTypes} with parallelism {Parallelism}")]
    public static partial void Started(ILogger logger, string workerId, IEnumerable<string> jobTypes, int parallelism);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId} stopping: waiting for {InFlight} running job(s) to finish")]
    public static partial void Draining(ILogger logger, string workerId, int inFlight);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId} stopped")]
    public static partial void Stopped(ILogger logger, string workerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Poll failed; trying again in {Delay}")]
    public static partial void PollFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {JobId} ({JobType}) completed")]
    public static partial void JobCompleted(ILogger logger, string jobId, string jobType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} ({JobType}) failed (retryable: {Retryable}): {Error}")]
    public static partial void JobFailed(ILogger logger, string jobId, string jobType, bool retryable, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: the server rejected the report ({Status}): {Error}; the lease was probably lost, not retrying")]
    public static partial void ReportRejected(ILogger logger, string jobId, int status, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: report attempt {Attempt} failed; trying again in {Delay}")]
    public static partial void ReportRetry(ILogger logger, Exception exception, string jobId, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId}: could not report the result; the server will hand the job out again when its lease expires")]
    public static partial void ReportGaveUp(ILogger logger, Exception exception, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: lease lost ({Status}); cancelling the handler")]
    public static partial void LeaseLost(ILogger logger, string jobId, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: heartbeat failed")]
    public static partial void HeartbeatFailed(ILogger logger, Exception exception, string jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId}: unexpected error in the runner")]
    public static partial void Unexpected(ILogger logger, Exception exception, string jobId);
}
