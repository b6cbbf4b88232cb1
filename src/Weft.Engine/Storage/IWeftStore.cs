using Weft.Engine.Catalog;
using Weft.Engine.Definitions;
using Weft.Engine.Events;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;
using Weft.Engine.Selectors;
using Weft.Engine.Stats;
using Weft.Engine.Timers;
using Weft.Engine.Tokens;
using Weft.Engine.UserTasks;
using Weft.Engine.Workers;

namespace Weft.Engine.Storage;

/// <summary>
/// Where Weft keeps its state. Reads go straight to the store; every change goes through one
/// <see cref="IWeftTransaction"/>, so that an instance, its jobs and its history move together or not at all.
/// </summary>
public interface IWeftStore
{
    /// <summary>
    /// True for an error that says a change lost a race with another transaction (a deadlock, a serialization
    /// failure, a lock it would not wait for) and would likely succeed if run again; the engine then runs the change
    /// again, first in a later transaction. A store whose locks last until the commit should let only the first
    /// change of a transaction wait for one, and fail the others at once, so that transactions never wait in a circle.
    /// </summary>
    bool IsTransientFailure(Exception error);

    /// <summary>
    /// How many transactions the engine may run at once. One for a store whose writes take turns anyway (SQLite);
    /// more for a server database, whose round trips one writer alone would spend waiting.
    /// </summary>
    int Writers { get; }

    /// <summary>Creates the schema or brings it up to date. Safe to call on every start.</summary>
    Task MigrateAsync(CancellationToken cancellationToken = default);

    Task<IWeftTransaction> BeginAsync(CancellationToken cancellationToken = default);

    /// <summary>A definition version, or the latest version when <paramref name="version"/> is null.</summary>
    Task<WorkflowDefinition?> GetDefinitionAsync(string id, int? version, CancellationToken cancellationToken = default);

    /// <summary>The latest version of each definition, optionally those whose id or name contains <paramref name="keyword"/>.</summary>
    Task<PagedResult<WorkflowDefinition>> ListDefinitionsAsync(string? keyword, int page, int pageSize, CancellationToken cancellationToken = default);

    Task<WorkflowInstance?> GetInstanceAsync(string id, CancellationToken cancellationToken = default);

    Task<PagedResult<WorkflowInstance>> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default);

    /// <summary>The instance's step executions in the order they started.</summary>
    Task<IReadOnlyList<StepExecution>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default);

    Task<Job?> GetJobAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The instance's unlocked and locked jobs, in the order they were created.</summary>
    Task<IReadOnlyList<Job>> ListOpenJobsAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>The progress reports kept for the instance's step executions, oldest first.</summary>
    Task<IReadOnlyList<ProgressReport>> GetProgressReportsAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Locked jobs whose lease ran out before <paramref name="now"/>, oldest expiry first. A lease counts only from
    /// <paramref name="watchingSince"/>: one that ran out earlier is expired only once a whole lease duration has
    /// passed since then. A plain read: whoever acts on a job re-checks it inside its own transaction.
    /// </summary>
    Task<IReadOnlyList<Job>> FindExpiredLeasesAsync(DateTimeOffset now, DateTimeOffset watchingSince, int limit, CancellationToken cancellationToken = default);

    Task<UserTask?> GetUserTaskAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>User tasks matching the query, oldest first.</summary>
    Task<PagedResult<UserTask>> ListUserTasksAsync(UserTaskQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Scheduled timers due at <paramref name="now"/>, earliest first, of instances that are ACTIVE or WAITING (a
    /// suspended or failed instance's timers fire when it is resumed or retried). A plain read: whoever fires a timer
    /// re-checks it under the instance's lock.
    /// </summary>
    Task<IReadOnlyList<WorkflowTimer>> FindDueTimersAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether a poll for these job types at <paramref name="now"/> would find a job: a plain read, so that a poll
    /// that finds nothing never takes a write lock. It may say true for a job another worker claims first.
    /// </summary>
    Task<bool> AnyJobReadyAsync(IReadOnlyCollection<string> jobTypes, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Every namespace of the task catalog with its tasks, in no particular order.</summary>
    Task<IReadOnlyList<CatalogNamespace>> ListCatalogAsync(CancellationToken cancellationToken = default);

    /// <summary>One namespace of the task catalog with its tasks, or null when it was never published.</summary>
    Task<CatalogNamespace?> GetCatalogNamespaceAsync(string @namespace, CancellationToken cancellationToken = default);

    /// <summary>The catalogued tasks named <paramref name="names"/>, in any namespace (a name may be in several).</summary>
    Task<IReadOnlyList<CatalogEntry>> FindCatalogTasksAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken = default);

    /// <summary>
    /// The workers whose latest recorded poll (<see cref="IWeftTransaction.RecordWorkerPollAsync"/>) is at or after
    /// <paramref name="polledSince"/>, each with the number of jobs it holds now (LOCKED with its worker id).
    /// </summary>
    Task<IReadOnlyList<SeenWorker>> ListWorkersAsync(DateTimeOffset polledSince, CancellationToken cancellationToken = default);

    /// <summary>
    /// Instances the INSTANCE part of a selector names (see <see cref="InstancePattern"/>), newest first, at most
    /// <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<WorkflowInstance>> FindInstancesAsync(InstancePattern pattern, int limit, CancellationToken cancellationToken = default);

    /// <summary>The steps of the instance that an operator holds (<see cref="IWeftTransaction.SetStepHoldAsync"/>).</summary>
    Task<IReadOnlyList<string>> ListHeldStepsAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Every token of the instance, live and finished, oldest first.</summary>
    Task<IReadOnlyList<Token>> ListTokensAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Every timer of the instance, scheduled, fired and cancelled, oldest first.</summary>
    Task<IReadOnlyList<WorkflowTimer>> ListTimersAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Jobs matching the query, oldest first.</summary>
    Task<PagedResult<Job>> ListJobsAsync(JobQuery query, CancellationToken cancellationToken = default);

    /// <summary>Instances by status, open jobs per job type (waiting, locked, held) and the timers due at <paramref name="now"/>.</summary>
    Task<WeftStats> GetStatsAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Yielded by <see cref="ListenForReadyJobsAsync"/> when jobs of any type may be ready (notices may have been lost).</summary>
    public const string AnyJobType = "*";

    /// <summary>
    /// The job types that other processes sharing this database announce as ready
    /// (<see cref="IWeftTransaction.NotifyJobsReadyAsync"/>), as they come, until <paramref name="cancellationToken"/>
    /// fires. It keeps listening across lost connections. A store that no other process shares yields nothing.
    /// </summary>
    IAsyncEnumerable<string> ListenForReadyJobsAsync(CancellationToken cancellationToken);

    /// <summary>The event table: what changes appended, read by the event stream and pruned by retention.</summary>
    IEventStore Events { get; }
}
