using System.Text.Json.Nodes;
using Weft.Engine.Definitions;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;

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

    /// <summary>Reads an instance and holds it against concurrent changes until the transaction ends.</summary>
    Task<WorkflowInstance?> LockInstanceAsync(string id);

    Task InsertInstanceAsync(WorkflowInstance instance);

    Task UpdateInstanceAsync(WorkflowInstance instance);

    Task InsertStepExecutionAsync(StepExecution execution);

    Task UpdateStepExecutionAsync(StepExecution execution);

    Task<StepExecution?> GetStepExecutionAsync(string id);

    Task InsertJobAsync(Job job);

    Task<Job?> GetJobAsync(string id);

    /// <summary>
    /// Writes <paramref name="job"/> only if the stored row still has <paramref name="expectedStatus"/> and
    /// <paramref name="expectedLockToken"/>. False means someone else changed it first: nothing was written.
    /// </summary>
    Task<bool> TryUpdateJobAsync(Job job, JobStatus expectedStatus, string? expectedLockToken);

    /// <summary>
    /// Locks up to <paramref name="maxJobs"/> unlocked jobs of the given types whose run-at has come, for
    /// <paramref name="workerId"/>, each with a fresh lock token and its own lease from <paramref name="now"/>.
    /// </summary>
    Task<IReadOnlyList<Job>> ClaimJobsAsync(string workerId, IReadOnlyCollection<string> jobTypes, int maxJobs, DateTimeOffset now);

    /// <summary>The instance's jobs that are not finished (unlocked or locked).</summary>
    Task<IReadOnlyList<Job>> FindOpenJobsAsync(string instanceId);

    Task<IReadOnlyDictionary<string, JsonObject>> GetVariablesAsync(IReadOnlyCollection<string> instanceIds);

    Task CommitAsync();
}
