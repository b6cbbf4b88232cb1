using System.Text.Json.Nodes;
using Weft.Engine;
using Weft.Engine.Definitions;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;
using Weft.Engine.Storage;
using Weft.Testing;

namespace Weft.Storage.Tests.Conformance;

/// <summary>
/// The rules every <see cref="IWeftStore"/> must keep, written against the interface only. Each store gets a
/// subclass that supplies a fresh, empty store; the suite migrates it and drives it through <see cref="WeftEngine"/>
/// and direct <see cref="IWeftTransaction"/> calls, with a fake clock. A second store object over the same database
/// plays a second server node.
/// </summary>
public abstract partial class StoreConformanceTests : IAsyncLifetime
{
    protected const string Worker = "worker-1";

    private IWeftStore? _secondStore;

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));

    protected WeftEngineOptions Options { get; } = new()
    {
        LeaseDuration = TimeSpan.FromSeconds(30),
        DefaultRetryBackoff = new RetryBackoffPolicy(TimeSpan.FromSeconds(1), 2, TimeSpan.FromMinutes(5), 0),
    };

    protected IWeftStore Store { get; private set; } = null!;

    protected WeftEngine Engine { get; private set; } = null!;

    /// <summary>A new, empty store that no other test uses. The suite migrates it.</summary>
    protected abstract Task<IWeftStore> CreateStoreAsync();

    /// <summary>Disposes the store and removes whatever <see cref="CreateStoreAsync"/> created.</summary>
    protected abstract Task DestroyStoreAsync(IWeftStore store);

    /// <summary>Another store object over the database of <see cref="Store"/>, as a second node would open it. The suite disposes it.</summary>
    protected abstract IWeftStore OpenSecondNode();

    /// <summary>A second node: its own store object and engine over the same database, on the same clock.</summary>
    protected WeftEngine SecondEngine { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = await CreateStoreAsync();
        await Store.MigrateAsync();
        Engine = new WeftEngine(Store, Time, Options);
        _secondStore = OpenSecondNode();
        await _secondStore.MigrateAsync();
        SecondEngine = new WeftEngine(_secondStore, Time, Options);
    }

    public async Task DisposeAsync()
    {
        // The engines first: they let their queued changes and background writes finish before the stores go.
        await Engine.DisposeAsync();
        await SecondEngine.DisposeAsync();

        switch (_secondStore)
        {
            case IAsyncDisposable disposable:
                await disposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }

        await DestroyStoreAsync(Store);
    }

    protected static StepDefinition Service(string id, string next) => new() { Id = id, Type = StepTypes.ServiceTask, NextStep = next };

    protected static StepDefinition End(string id = "end") => new() { Id = id, Type = StepTypes.End };

    protected static WorkflowDefinition Definition(string id, params StepDefinition[] steps) => new() { Id = id, Steps = steps };

    /// <summary>a → b → end, both SERVICE_TASKs.</summary>
    protected static WorkflowDefinition Linear(string id = "orders") => Definition(id, Service("a", "b"), Service("b", "end"), End());

    /// <summary>One SERVICE_TASK, then END.</summary>
    protected static WorkflowDefinition OneStep(string id, StepDefinition step) => Definition(id, step, End());

    protected async Task<WorkflowDefinition> DeployAsync(WorkflowDefinition definition) => (await Engine.Definitions.DeployAsync(definition)).Definition;

    protected Task<WorkflowInstance> StartAsync(string definitionId, string? variables = null, string? businessKey = null, int? version = null) =>
        Engine.Instances.StartAsync(new StartInstanceCommand(definitionId, variables is null ? null : Json(variables), businessKey, version));

    protected Task<IReadOnlyList<ClaimedJob>> PollAsync(string jobType, string worker = Worker, int maxJobs = 10) =>
        Engine.Jobs.PollAsync(new PollCommand(worker, [jobType], maxJobs));

    protected async Task<Job> PollOneAsync(string jobType, string worker = Worker) => Assert.Single(await PollAsync(jobType, worker)).Job;

    /// <summary>The instance's one open (unlocked or locked) job, read in a transaction that is then rolled back.</summary>
    protected async Task<Job> OpenJobAsync(string instanceId) => Assert.Single(await OpenJobsAsync(instanceId));

    protected async Task<IReadOnlyList<Job>> OpenJobsAsync(string instanceId)
    {
        await using var transaction = await Store.BeginAsync();
        return (await transaction.LoadInstanceAsync(instanceId))?.Jobs ?? [];
    }

    protected async Task<Job> StoredJobAsync(string id) => await Store.GetJobAsync(id) ?? throw new InvalidOperationException($"Job {id} is gone.");

    protected async Task<WorkflowInstance> StoredInstanceAsync(string id) =>
        await Store.GetInstanceAsync(id) ?? throw new InvalidOperationException($"Instance {id} is gone.");

    protected static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    protected static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"Expected {expected} but was {actual?.ToJsonString() ?? "null"}");

    protected static async Task<WeftException> AssertRefusedAsync(WeftErrorKind kind, Func<Task> action, string? fragment = null)
    {
        var error = await Assert.ThrowsAsync<WeftException>(action);
        Assert.Equal(kind, error.Kind);
        if (fragment is not null)
        {
            Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        }

        return error;
    }
}
