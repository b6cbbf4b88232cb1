using Microsoft.Extensions.Logging;

namespace Weft.Worker.Running;

/// <summary>What the runner says: its start and stop, and what each job did.</summary>
internal static partial class RunnerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId} polling for job types {JobTypes} with parallelism {Parallelism}")]
    public static partial void Started(ILogger logger, string workerId, IEnumerable<string> jobTypes, int parallelism);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId} stopping: waiting for {InFlight} running job(s) to finish")]
    public static partial void Draining(ILogger logger, string workerId, int inFlight);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {WorkerId} aborting {InFlight} running job(s): their shutdown token fires and they are not reported; the server hands them out again when their leases end")]
    public static partial void Aborting(ILogger logger, string workerId, int inFlight);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId} stopped")]
    public static partial void Stopped(ILogger logger, string workerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Poll failed; trying again in {Delay}")]
    public static partial void PollFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ({JobType}) of instance {InstanceId} started")]
    public static partial void JobStarted(ILogger logger, string jobId, string jobType, string instanceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ({JobType}) completed with {OutputCount} output variable(s)")]
    public static partial void JobCompleted(ILogger logger, string jobId, string jobType, int outputCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} ({JobType}) failed (retryable: {Retryable}): {Error}")]
    public static partial void JobFailed(ILogger logger, string jobId, string jobType, bool retryable, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} ({JobType}): the server answered {Status} ({Reason}); cancelling its handler")]
    public static partial void JobStopping(ILogger logger, string jobId, string jobType, int status, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ({JobType}) cancelled, not reported: {Reason}")]
    public static partial void JobCancelled(ILogger logger, string jobId, string jobType, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} ({JobType}) aborted, not reported; the server hands it out again when its lease ends")]
    public static partial void JobAborted(ILogger logger, string jobId, string jobType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ({JobType}) returned {OutputCount} output variable(s) and is left running for another system to complete (autocomplete is off)")]
    public static partial void JobLeftRunning(ILogger logger, string jobId, string jobType, int outputCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: the server rejected the report ({Status}): {Error}; the lease was probably lost, not retrying")]
    public static partial void ReportRejected(ILogger logger, string jobId, int status, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: report attempt {Attempt} failed; trying again in {Delay}")]
    public static partial void ReportRetry(ILogger logger, Exception exception, string jobId, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId}: could not report the result; the server will hand the job out again when its lease expires")]
    public static partial void ReportGaveUp(ILogger logger, Exception exception, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat for {JobCount} job(s) failed; trying again at the next look")]
    public static partial void HeartbeatFailed(ILogger logger, Exception exception, int jobCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: the server refused its heartbeat ({Status}): {Error}")]
    public static partial void HeartbeatRefused(ILogger logger, string jobId, int status, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: a progress report did not reach the server")]
    public static partial void ProgressFailed(ILogger logger, Exception exception, string jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId}: unexpected error in the runner")]
    public static partial void Unexpected(ILogger logger, Exception exception, string jobId);
}
