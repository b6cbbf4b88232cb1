using System.Text.Json.Nodes;
using Weft.Engine.Catalog;
using Weft.Engine.Definitions;
using Weft.Engine.Events;
using Weft.Engine.Jobs;
using Weft.Engine.UserTasks;
using Weft.Engine.Workers;

namespace Weft.Engine.Storage;

/// <summary>
/// One atomic change of Weft's state. Nothing is visible to others until <see cref="CommitAsync"/>; disposing
/// without committing rolls everything back. Guards against double claims and double completions are in the
/// store's SQL (conditional updates with affected-row checks), so they hold across many server nodes.
/// </summary>
public interface IWeftTransaction : IAsyncDisposable
{
    /// <summary>Version number and content hash of the latest version of a definition, or null.</summary>
    Task<(int Version, string ContentHash)?> GetLatestDefinitionHeadAsync(string id);

    Task InsertDefinitionAsync(WorkflowDefinition definition, string contentHash);

    /// <summary>
    /// The instance with everything about it that can still change, held against concurrent changes of the same
    /// instance until the transaction ends; null when there is no such instance.
    /// </summary>
    Task<InstanceGraph?> LoadInstanceAsync(string instanceId);

    /// <summary>Writes what an advance changed. Throws <see cref="JobChangedException"/> when a job update finds the row changed.</summary>
    Task SaveAsync(InstanceChanges changes);

    Task<Job?> GetJobAsync(string id);

    Task<UserTask?> GetUserTaskAsync(string id);

    /// <summary>The user tasks of one step of an instance, newest first.</summary>
    Task<IReadOnlyList<UserTask>> FindUserTasksAsync(string instanceId, string stepId);

    /// <summary>Ids of the instance's sub-workflow instances that are not finished, of one waiting token or of all.</summary>
    Task<IReadOnlyList<string>> FindLiveChildInstancesAsync(string parentInstanceId, string? parentTokenId);

    /// <summary>
    /// Holds (<paramref name="held"/>) or releases a step of an instance: while held, claims skip the step's jobs.
    /// Returns false when it already was as asked.
    /// </summary>
    Task<bool> SetStepHoldAsync(string instanceId, string stepId, bool held, DateTimeOffset at);

    /// <summary>
    /// Locks up to <paramref name="maxJobs"/> unlocked, not held jobs (neither with <see cref="Job.Held"/> nor of a
    /// step an operator holds) of the given types whose run-at has come, for
    /// <paramref name="workerId"/>, each with a fresh lock token and a lease from <paramref name="now"/>: the job's
    /// own lease, or <paramref name="lease"/> when given.
    /// </summary>
    Task<IReadOnlyList<Job>> ClaimJobsAsync(string workerId, IReadOnlyCollection<string> jobTypes, int maxJobs, DateTimeOffset now, TimeSpan? lease = null);

    /// <summary>Writes <paramref name="job"/> only if the stored row still has <paramref name="expectedStatus"/> and <paramref name="expectedLockToken"/>.</summary>
    Task<bool> TryUpdateJobAsync(Job job, JobStatus expectedStatus, string? expectedLockToken);

    Task<IReadOnlyDictionary<string, JsonObject>> GetVariablesAsync(IReadOnlyCollection<string> instanceIds);

    /// <summary>
    /// Adds <paramref name="report"/> to the history of its step execution, and drops that execution's older reports
    /// beyond the newest <paramref name="keep"/>.
    /// </summary>
    Task AddProgressReportAsync(ProgressReport report, int keep);

    /// <summary>
    /// A namespace of the task catalog, held against other publishes to it until the transaction ends (on every
    /// node); null when it was never published.
    /// </summary>
    Task<CatalogNamespace?> LoadCatalogNamespaceAsync(string @namespace);

    /// <summary>Makes the namespace hold exactly <see cref="CatalogNamespace.Tasks"/>, with its <see cref="CatalogNamespace.UpdatedAt"/>.</summary>
    Task SaveCatalogNamespaceAsync(CatalogNamespace @namespace);

    /// <summary>
    /// Records a worker's poll, unless a later poll of that worker is already recorded (by another node); forgets
    /// the workers whose latest recorded poll is before <paramref name="forgetBefore"/>.
    /// </summary>
    Task RecordWorkerPollAsync(WorkerSighting sighting, DateTimeOffset forgetBefore);

    /// <summary>
    /// Tells every process that listens (<see cref="IWeftStore.ListenForReadyJobsAsync"/>) that jobs of these types
    /// may be ready, once (and only if) this transaction commits. A store whose only process is this one needs no
    /// message and may do nothing.
    /// </summary>
    Task NotifyJobsReadyAsync(IReadOnlyCollection<string> jobTypes);

    /// <summary>
    /// Adds the events of a change to the event table, numbered in commit order, once (and only if) this transaction
    /// commits; events appended since a savepoint that is rolled back are dropped with it.
    /// </summary>
    Task AppendEventsAsync(IReadOnlyList<DomainEvent> events);

    /// <summary>
    /// Marks a point to come back to: many changes share one transaction (group commit), each between a savepoint and
    /// its release, so that one that fails is rolled back alone. One savepoint at a time.
    /// </summary>
    Task SavepointAsync();

    /// <summary>Keeps what was done since <see cref="SavepointAsync"/>.</summary>
    Task ReleaseSavepointAsync();

    /// <summary>Undoes what was done since <see cref="SavepointAsync"/>, and the savepoint with it; the transaction goes on.</summary>
    Task RollbackToSavepointAsync();

    Task CommitAsync();
}
