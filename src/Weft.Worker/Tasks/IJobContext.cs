using System.Text.Json.Nodes;

namespace Weft.Worker.Tasks;

/// <summary>
/// The job a task runs for, given as the first parameter of a <see cref="WeftTaskAttribute">task method</see> that
/// asks for it: who it is, the instance's variables, progress reports and the two ways it can be told to stop.
/// </summary>
public interface IJobContext
{
    string JobId { get; }

    /// <summary>The job type, which is the task's name.</summary>
    string JobType { get; }

    string InstanceId { get; }

    /// <summary>The id of the <c>SERVICE_TASK</c> step the job belongs to.</summary>
    string StepId { get; }

    /// <summary>How many more times the step is tried after this attempt fails retryably.</summary>
    int RetriesRemaining { get; }

    /// <summary>The instance's variables when the job was handed out.</summary>
    JsonObject Variables { get; }

    /// <summary>
    /// Fires when the job must stop because its result would be refused: its instance was cancelled, or its lease was
    /// taken back. The job is then not reported: whatever the task returns or throws is dropped.
    /// </summary>
    CancellationToken CancellationToken { get; }

    /// <summary>
    /// Fires when the worker is aborted (a second Ctrl-C or SIGTERM, or the host's shutdown timeout): the job is not
    /// reported, and the server hands it out again once its lease ends. A graceful stop does not fire it: running
    /// jobs are waited for.
    /// </summary>
    CancellationToken ShutdownToken { get; }

    /// <summary>The worker's clock: wait with it (or with <see cref="DelayAsync"/>) so that tests can move time.</summary>
    TimeProvider TimeProvider { get; }

    /// <summary>
    /// Reports how far the job is, <paramref name="percent"/> from 0 to 100, with an optional message; the latest
    /// report is on the job and each is kept in the step's history. When the server answers that the job is no longer
    /// this worker's, <see cref="CancellationToken"/> fires and this throws <see cref="OperationCanceledException"/>.
    /// A server that cannot be reached is logged, not thrown: progress is best effort.
    /// </summary>
    Task ReportProgressAsync(double percent, string? message = null);

    /// <summary>
    /// Waits <paramref name="delay"/> on the worker's clock; throws <see cref="OperationCanceledException"/> as soon as
    /// <see cref="CancellationToken"/> or <see cref="ShutdownToken"/> fires.
    /// </summary>
    Task DelayAsync(TimeSpan delay);
}
