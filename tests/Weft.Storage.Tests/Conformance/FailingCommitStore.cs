using System.Text.Json.Nodes;
using Weft.Engine.Catalog;
using Weft.Engine.Definitions;
using Weft.Engine.Events;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;
using Weft.Engine.Selectors;
using Weft.Engine.Stats;
using Weft.Engine.Storage;
using Weft.Engine.Timers;
using Weft.Engine.Tokens;
using Weft.Engine.UserTasks;
using Weft.Engine.Workers;

namespace Weft.Storage.Tests.Conformance;

/// <summary>A store whose transactions do everything but commit: the commit fails as a lost disk or connection would.</summary>
internal sealed class FailingCommitStore(IWeftStore inner) : IWeftStore
{
    public bool IsTransientFailure(Exception error) => inner.IsTransientFailure(error);

    public int Writers => inner.Writers;

    public IEventStore Events => inner.Events;

    public Task MigrateAsync(CancellationToken cancellationToken = default) => inner.MigrateAsync(cancellationToken);

    public async Task<IWeftTransaction> BeginAsync(CancellationToken cancellationToken = default) =>
        new Transaction(await inner.BeginAsync(cancellationToken));

    public Task<WorkflowDefinition?> GetDefinitionAsync(string id, int? version, CancellationToken cancellationToken = default) =>
        inner.GetDefinitionAsync(id, version, cancellationToken);

    public Task<PagedResult<WorkflowDefinition>> ListDefinitionsAsync(string? keyword, int page, int pageSize, CancellationToken cancellationToken = default) =>
        inner.ListDefinitionsAsync(keyword, page, pageSize, cancellationToken);

    public Task<WorkflowInstance?> GetInstanceAsync(string id, CancellationToken cancellationToken = default) => inner.GetInstanceAsync(id, cancellationToken);

    public Task<PagedResult<WorkflowInstance>> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default) =>
        inner.ListInstancesAsync(query, cancellationToken);

    public Task<IReadOnlyList<StepExecution>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default) =>
        inner.GetHistoryAsync(instanceId, cancellationToken);

    public Task<Job?> GetJobAsync(string id, CancellationToken cancellationToken = default) => inner.GetJobAsync(id, cancellationToken);

    public Task<IReadOnlyList<Job>> ListOpenJobsAsync(string instanceId, CancellationToken cancellationToken = default) =>
        inner.ListOpenJobsAsync(instanceId, cancellationToken);

    public Task<IReadOnlyList<ProgressReport>> GetProgressReportsAsync(string instanceId, CancellationToken cancellationToken = default) =>
        inner.GetProgressReportsAsync(instanceId, cancellationToken);

    public Task<IReadOnlyList<CatalogNamespace>> ListCatalogAsync(CancellationToken cancellationToken = default) => inner.ListCatalogAsync(cancellationToken);

    public Task<CatalogNamespace?> GetCatalogNamespaceAsync(string @namespace, CancellationToken cancellationToken = default) =>
        inner.GetCatalogNamespaceAsync(@namespace, cancellationToken);

    public Task<IReadOnlyList<CatalogEntry>> FindCatalogTasksAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken = default) =>
        inner.FindCatalogTasksAsync(names, cancellationToken);

    public Task<IReadOnlyList<SeenWorker>> ListWorkersAsync(DateTimeOffset polledSince, CancellationToken cancellationToken = default) =>
        inner.ListWorkersAsync(polledSince, cancellationToken);

    public Task<IReadOnlyList<Job>> FindExpiredLeasesAsync(DateTimeOffset now, DateTimeOffset watchingSince, int limit, CancellationToken cancellationToken = default) =>
        inner.FindExpiredLeasesAsync(now, watchingSince, limit, cancellationToken);

    public Task<UserTask?> GetUserTaskAsync(string id, CancellationToken cancellationToken = default) => inner.GetUserTaskAsync(id, cancellationToken);

    public Task<PagedResult<UserTask>> ListUserTasksAsync(UserTaskQuery query, CancellationToken cancellationToken = default) =>
        inner.ListUserTasksAsync(query, cancellationToken);

    public Task<IReadOnlyList<WorkflowTimer>> FindDueTimersAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        inner.FindDueTimersAsync(now, limit, cancellationToken);

    public Task<IReadOnlyList<WorkflowInstance>> FindInstancesAsync(InstancePattern pattern, int limit, CancellationToken cancellationToken = default) =>
        inner.FindInstancesAsync(pattern, limit, cancellationToken);

    public Task<IReadOnlyList<string>> ListHeldStepsAsync(string instanceId, CancellationToken cancellationToken = default) =>
        inner.ListHeldStepsAsync(instanceId, cancellationToken);

    public Task<IReadOnlyList<Token>> ListTokensAsync(string instanceId, CancellationToken cancellationToken = default) =>
        inner.ListTokensAsync(instanceId, cancellationToken);

    public Task<IReadOnlyList<WorkflowTimer>> ListTimersAsync(string instanceId, CancellationToken cancellationToken = default) =>
        inner.ListTimersAsync(instanceId, cancellationToken);

    public Task<PagedResult<Job>> ListJobsAsync(JobQuery query, CancellationToken cancellationToken = default) => inner.ListJobsAsync(query, cancellationToken);

    public Task<WeftStats> GetStatsAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => inner.GetStatsAsync(now, cancellationToken);

    public Task<bool> AnyJobReadyAsync(IReadOnlyCollection<string> jobTypes, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        inner.AnyJobReadyAsync(jobTypes, now, cancellationToken);

    public IAsyncEnumerable<string> ListenForReadyJobsAsync(CancellationToken cancellationToken) => inner.ListenForReadyJobsAsync(cancellationToken);

    private sealed class Transaction(IWeftTransaction inner) : IWeftTransaction
    {
        public Task<(int Version, string ContentHash)?> GetLatestDefinitionHeadAsync(string id) => inner.GetLatestDefinitionHeadAsync(id);

        public Task InsertDefinitionAsync(WorkflowDefinition definition, string contentHash) => inner.InsertDefinitionAsync(definition, contentHash);

        public Task<InstanceGraph?> LoadInstanceAsync(string instanceId) => inner.LoadInstanceAsync(instanceId);

        public Task SaveAsync(InstanceChanges changes) => inner.SaveAsync(changes);

        public Task AppendEventsAsync(IReadOnlyList<DomainEvent> events) => inner.AppendEventsAsync(events);

        public Task<Job?> GetJobAsync(string id) => inner.GetJobAsync(id);

        public Task<UserTask?> GetUserTaskAsync(string id) => inner.GetUserTaskAsync(id);

        public Task<IReadOnlyList<UserTask>> FindUserTasksAsync(string instanceId, string stepId) => inner.FindUserTasksAsync(instanceId, stepId);

        public Task<IReadOnlyList<string>> FindLiveChildInstancesAsync(string parentInstanceId, string? parentTokenId) =>
            inner.FindLiveChildInstancesAsync(parentInstanceId, parentTokenId);

        public Task<bool> SetStepHoldAsync(string instanceId, string stepId, bool held, DateTimeOffset at) =>
            inner.SetStepHoldAsync(instanceId, stepId, held, at);

        public Task<IReadOnlyList<Job>> ClaimJobsAsync(string workerId, IReadOnlyCollection<string> jobTypes, int maxJobs, DateTimeOffset now, TimeSpan? lease = null) =>
            inner.ClaimJobsAsync(workerId, jobTypes, maxJobs, now, lease);

        public Task<bool> TryUpdateJobAsync(Job job, JobStatus expectedStatus, string? expectedLockToken) => inner.TryUpdateJobAsync(job, expectedStatus, expectedLockToken);

        public Task<IReadOnlyDictionary<string, JsonObject>> GetVariablesAsync(IReadOnlyCollection<string> instanceIds) => inner.GetVariablesAsync(instanceIds);

        public Task AddProgressReportAsync(ProgressReport report, int keep) => inner.AddProgressReportAsync(report, keep);

        public Task<CatalogNamespace?> LoadCatalogNamespaceAsync(string @namespace) => inner.LoadCatalogNamespaceAsync(@namespace);

        public Task SaveCatalogNamespaceAsync(CatalogNamespace @namespace) => inner.SaveCatalogNamespaceAsync(@namespace);

        public Task RecordWorkerPollAsync(WorkerSighting sighting, DateTimeOffset forgetBefore) => inner.RecordWorkerPollAsync(sighting, forgetBefore);

        public Task NotifyJobsReadyAsync(IReadOnlyCollection<string> jobTypes) => inner.NotifyJobsReadyAsync(jobTypes);

        public Task SavepointAsync() => inner.SavepointAsync();

        public Task ReleaseSavepointAsync() => inner.ReleaseSavepointAsync();

        public Task RollbackToSavepointAsync() => inner.RollbackToSavepointAsync();

        public Task CommitAsync() => throw new IOException("The disk went away before the commit.");

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
