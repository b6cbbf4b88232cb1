using System.Text.Json.Nodes;
using Weft.Engine.Definitions;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;
using Weft.Engine.Storage;

namespace Weft.Engine.Tests.Instances;

/// <summary>An <see cref="IWeftTransaction"/> that records the rows written to it; reads are not expected.</summary>
internal sealed class RecordingTransaction : IWeftTransaction
{
    public List<StepExecution> Executions { get; } = [];

    public List<Job> Jobs { get; } = [];

    public Task InsertStepExecutionAsync(StepExecution execution)
    {
        Executions.Add(execution);
        return Task.CompletedTask;
    }

    public Task InsertJobAsync(Job job)
    {
        Jobs.Add(job);
        return Task.CompletedTask;
    }

    public Task<(int Version, string ContentHash)?> GetLatestDefinitionHeadAsync(string id) => throw Unexpected();

    public Task InsertDefinitionAsync(WorkflowDefinition definition, string contentHash) => throw Unexpected();

    public Task<WorkflowInstance?> LockInstanceAsync(string id) => throw Unexpected();

    public Task InsertInstanceAsync(WorkflowInstance instance) => throw Unexpected();

    public Task UpdateInstanceAsync(WorkflowInstance instance) => throw Unexpected();

    public Task UpdateStepExecutionAsync(StepExecution execution) => throw Unexpected();

    public Task<StepExecution?> GetStepExecutionAsync(string id) => throw Unexpected();

    public Task<Job?> GetJobAsync(string id) => throw Unexpected();

    public Task<bool> TryUpdateJobAsync(Job job, JobStatus expectedStatus, string? expectedLockToken) => throw Unexpected();

    public Task<IReadOnlyList<Job>> ClaimJobsAsync(string workerId, IReadOnlyCollection<string> jobTypes, int maxJobs, DateTimeOffset now) => throw Unexpected();


    public Task<IReadOnlyList<Job>> FindOpenJobsAsync(string instanceId) => throw Unexpected();

    public Task<IReadOnlyDictionary<string, JsonObject>> GetVariablesAsync(IReadOnlyCollection<string> instanceIds) => throw Unexpected();

    public Task CommitAsync() => throw Unexpected();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static InvalidOperationException Unexpected() => new("Entering a step should only insert rows.");
}
