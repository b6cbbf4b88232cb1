using System.Text.Json.Nodes;
using Weft.Engine.Advancing;
using Weft.Engine.Definitions;
using Weft.Engine.Events;
using Weft.Engine.Storage;
using Weft.Engine.Variables;

namespace Weft.Engine.Instances;

/// <summary>Starts, reads and steers workflow instances: cancel, signal, suspend, resume, retry.</summary>
public sealed class InstanceService
{
    public const int MaxBusinessKeyLength = 256;

    private readonly IWeftStore _store;
    private readonly DefinitionService _definitions;
    private readonly InstanceRuntime _runtime;
    private readonly WeftEngineOptions _options;
    private readonly TimeProvider _time;

    internal InstanceService(IWeftStore store, DefinitionService definitions, InstanceRuntime runtime, WeftEngineOptions options, TimeProvider time)
    {
        _time = time;
        _store = store;
        _definitions = definitions;
        _runtime = runtime;
        _options = options;
    }

    public async Task<WorkflowInstance> StartAsync(StartInstanceCommand command, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(command.DefinitionId))
        {
            throw WeftException.Invalid("definitionId is required: name the definition to start.");
        }

        if (command.BusinessKey is { Length: > MaxBusinessKeyLength })
        {
            throw WeftException.Invalid($"businessKey is {command.BusinessKey.Length} characters long; the limit is {MaxBusinessKeyLength}.");
        }

        var variables = command.Variables ?? [];
        VariableDocument.EnsureWithinLimit(variables, _options.MaxVariablesBytes, "The instance's variables");
        var definition = await _definitions.GetAsync(command.DefinitionId, command.Version, cancellationToken);
        return await _runtime.ChangeAsync(async session =>
        {
            var state = await session.StartAsync(session.NewInstance(definition, variables, command.BusinessKey), definition, cancellationToken);
            return state.Instance;
        }, cancellationToken);
    }

    /// <summary>The instance, with the latest <see cref="WorkflowInstance.Progress"/> of each open job that has reported.</summary>
    public async Task<WorkflowInstance> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var instance = await _store.GetInstanceAsync(id, cancellationToken) ?? throw InstanceNotFound(id);
        var progress = (await _store.ListOpenJobsAsync(id, cancellationToken))
            .Where(j => j.Progress is not null)
            .Select(j => new OpenJobProgress(j.Id, j.StepId, j.Progress!.Percent, j.Progress.Message, j.Progress.ReportedAt))
            .ToList();
        return instance with { Progress = progress };
    }

    public Task<PagedResult<WorkflowInstance>> ListAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        Paging.Validate(query.Page, query.PageSize);
        return _store.ListInstancesAsync(query, cancellationToken);
    }

    public async Task<IReadOnlyList<StepExecution>> GetHistoryAsync(string id, CancellationToken cancellationToken = default)
    {
        var history = await _store.GetHistoryAsync(id, cancellationToken);
        if (history.Count == 0 && await _store.GetInstanceAsync(id, cancellationToken) is null)
        {
            throw InstanceNotFound(id);
        }

        var reports = (await _store.GetProgressReportsAsync(id, cancellationToken)).ToLookup(r => r.StepExecutionId, r => r.Progress);
        return history.Select(e => reports.Contains(e.Id) ? e with { Progress = reports[e.Id].ToList() } : e).ToList();
    }

    /// <summary>
    /// Cancels the instance and everything it waits on: open jobs, user tasks, timers and sub-workflow instances.
    /// <paramref name="reason"/> becomes its <c>failureReason</c> exactly as given.
    /// </summary>
    public Task<WorkflowInstance> CancelAsync(string id, string? reason, CancellationToken cancellationToken = default) =>
        ApplyAsync(id, new Trigger.Cancel(reason), cancellationToken);

    /// <summary>Resumes the instance's token waiting at WAIT step <paramref name="stepId"/>, merging <paramref name="variables"/>.</summary>
    public Task<WorkflowInstance> SignalAsync(string id, string stepId, JsonObject? variables, CancellationToken cancellationToken = default)
    {
        var payload = variables ?? [];
        VariableDocument.EnsureWithinLimit(payload, _options.MaxVariablesBytes, "The signal's variables");
        return ApplyAsync(id, new Trigger.SignalReceived(stepId, payload), cancellationToken, payload);
    }

    /// <summary>Stops handing out the instance's jobs; running jobs may finish, and timers wait until it is resumed.</summary>
    public Task<WorkflowInstance> SuspendAsync(string id, CancellationToken cancellationToken = default) =>
        ApplyAsync(id, new Trigger.Suspend(), cancellationToken);

    public Task<WorkflowInstance> ResumeAsync(string id, CancellationToken cancellationToken = default) =>
        ApplyAsync(id, new Trigger.Resume(), cancellationToken);

    /// <summary>Runs the failed steps of a FAILED instance again, with fresh retries.</summary>
    public Task<WorkflowInstance> RetryAsync(string id, CancellationToken cancellationToken = default) =>
        ApplyAsync(id, new Trigger.Retry(), cancellationToken);

    /// <summary>Merges <paramref name="variables"/> into the variables of an instance that is not finished.</summary>
    public Task<WorkflowInstance> SetVariablesAsync(string id, JsonObject variables, CancellationToken cancellationToken = default)
    {
        VariableDocument.EnsureWithinLimit(variables, _options.MaxVariablesBytes, "The variables to set");
        return ApplyAsync(id, new Trigger.VariablesSet(variables), cancellationToken, variables);
    }

    /// <summary>
    /// Runs waiting step <paramref name="stepId"/> of a running instance now: its job in retry backoff becomes ready,
    /// its TIMER fires. A WAIT or USER_TASK step is refused: it waits for a signal or a completion.
    /// </summary>
    public Task<WorkflowInstance> TriggerAsync(string id, string stepId, CancellationToken cancellationToken = default) =>
        ApplyAsync(id, new Trigger.RunNow(stepId), cancellationToken);

    /// <summary>
    /// Holds step <paramref name="stepId"/> of an instance that is not finished: its jobs are not handed out until
    /// <see cref="ReleaseAsync"/>, also a job created later (the step may not be reached yet). A job a worker holds
    /// already runs on. Returns false when the step was held already.
    /// </summary>
    public Task<bool> HoldAsync(string id, string stepId, CancellationToken cancellationToken = default) =>
        _runtime.ChangeAsync(async session =>
        {
            var state = await session.LoadAsync(id, cancellationToken) ?? throw InstanceNotFound(id);
            EnsureStep(state, stepId);
            if (state.Instance.IsFinished)
            {
                throw WeftException.Conflict($"Instance '{id}' is {state.Instance.Status.ToString().ToUpperInvariant()}; a finished instance hands out no jobs to hold.");
            }

            var now = _time.UtcNowMillis();
            if (!await session.Transaction.SetStepHoldAsync(id, stepId, held: true, now))
            {
                return false;
            }

            await session.RecordAsync(EventsOf.StepHold(state.Instance, stepId, held: true, now));
            return true;
        }, cancellationToken);

    /// <summary>Releases a held step; its ready jobs are handed out at once (waiting workers are woken). Returns false when it was not held.</summary>
    public Task<bool> ReleaseAsync(string id, string stepId, CancellationToken cancellationToken = default) =>
        _runtime.ChangeAsync(async session =>
        {
            var state = await session.LoadAsync(id, cancellationToken) ?? throw InstanceNotFound(id);
            EnsureStep(state, stepId);
            var now = _time.UtcNowMillis();
            if (!await session.Transaction.SetStepHoldAsync(id, stepId, held: false, now))
            {
                return false;
            }

            await session.RecordAsync(EventsOf.StepHold(state.Instance, stepId, held: false, now));

            session.ReadyJobs.AddRange(state.Jobs.Items
                .Where(j => j.StepId == stepId && j is { Status: Jobs.JobStatus.Unlocked, Held: false })
                .Select(j => (j.JobType, j.RunAt)));
            return true;
        }, cancellationToken);

    private static void EnsureStep(InstanceState state, string stepId)
    {
        if (state.Definition.Steps.All(s => s.Id != stepId))
        {
            throw WeftException.NotFound(
                $"Definition '{state.Definition.Id}' (version {state.Definition.Version}) has no step '{stepId}'; its steps are {string.Join(", ", state.Definition.Steps.Select(s => $"'{s.Id}'"))}.");
        }
    }

    private Task<WorkflowInstance> ApplyAsync(string id, Trigger trigger, CancellationToken cancellationToken, JsonObject? merging = null) =>
        _runtime.ChangeAsync(async session =>
        {
            var state = await session.LoadAsync(id, cancellationToken) ?? throw InstanceNotFound(id);
            if (merging is not null)
            {
                VariableDocument.EnsureWithinLimit(
                    VariableDocument.Merge(state.Variables, merging), _options.MaxVariablesBytes, "The instance's variables after this change");
            }

            await session.ApplyAsync(state, trigger, cancellationToken);
            return state.Instance;
        }, cancellationToken);

    internal static WeftException InstanceNotFound(string id) =>
        WeftException.NotFound($"Instance '{id}' does not exist. List instances with GET /v1/instances.");
}
