using Weft.Engine.Definitions;
using Weft.Engine.Jobs;
using Weft.Engine.Storage;
using Weft.Engine.Variables;

namespace Weft.Engine.Instances;

/// <summary>Starts, reads and cancels workflow instances.</summary>
public sealed class InstanceService
{
    public const int MaxBusinessKeyLength = 256;

    private readonly IWeftStore _store;
    private readonly DefinitionService _definitions;
    private readonly StepEntry _steps;
    private readonly JobAvailability _availability;
    private readonly TimeProvider _time;
    private readonly WeftEngineOptions _options;

    internal InstanceService(
        IWeftStore store, DefinitionService definitions, StepEntry steps, JobAvailability availability, TimeProvider time, WeftEngineOptions options)
    {
        _store = store;
        _definitions = definitions;
        _steps = steps;
        _availability = availability;
        _time = time;
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

        var now = _time.UtcNowMillis();
        var instance = new WorkflowInstance
        {
            Id = Ids.New(),
            DefinitionId = definition.Id,
            DefinitionVersion = definition.Version,
            Status = InstanceStatus.Active,
            BusinessKey = command.BusinessKey,
            Variables = variables,
            CreatedAt = now,
            UpdatedAt = now,
        };

        await using var transaction = await _store.BeginAsync(cancellationToken);
        await transaction.InsertInstanceAsync(instance);
        (instance, var createdJob) = await _steps.EnterAsync(transaction, instance, definition, definition.Steps[0]);
        await transaction.UpdateInstanceAsync(instance);
        await transaction.CommitAsync();
        if (createdJob)
        {
            _availability.Notify();
        }

        return instance;
    }

    public async Task<WorkflowInstance> GetAsync(string id, CancellationToken cancellationToken = default) =>
        await _store.GetInstanceAsync(id, cancellationToken) ?? throw InstanceNotFound(id);

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

        return history;
    }

    /// <summary>Cancels the instance and everything it waits on: open jobs and the running step.</summary>
    public async Task<WorkflowInstance> CancelAsync(string id, string? reason, CancellationToken cancellationToken = default)
    {
        await using var transaction = await _store.BeginAsync(cancellationToken);
        var instance = await transaction.LockInstanceAsync(id) ?? throw InstanceNotFound(id);
        if (instance.IsFinished)
        {
            throw WeftException.Conflict(
                $"Instance '{id}' is already {instance.Status.ToString().ToUpperInvariant()}; only unfinished instances can be cancelled.");
        }

        var now = _time.UtcNowMillis();
        var why = string.IsNullOrWhiteSpace(reason) ? "Cancelled." : $"Cancelled: {FreeText.Shorten(reason)}";
        foreach (var job in await transaction.FindOpenJobsAsync(id))
        {
            if (!await transaction.TryUpdateJobAsync(job with { Status = JobStatus.Cancelled, LastError = why }, job.Status, job.LockToken))
            {
                throw WeftException.Conflict($"Job '{job.Id}' of instance '{id}' changed while cancelling; try again.");
            }

            if (await transaction.GetStepExecutionAsync(job.StepExecutionId) is { Status: StepExecutionStatus.Running } execution)
            {
                await transaction.UpdateStepExecutionAsync(execution with
                {
                    Status = StepExecutionStatus.Cancelled,
                    FailureReason = why,
                    CompletedAt = now,
                });
            }
        }

        instance = instance with { Status = InstanceStatus.Cancelled, FailureReason = why, UpdatedAt = now, CompletedAt = now };
        await transaction.UpdateInstanceAsync(instance);
        await transaction.CommitAsync();
        return instance;
    }

    internal static WeftException InstanceNotFound(string id) =>
        WeftException.NotFound($"Instance '{id}' does not exist. List instances with GET /v1/instances.");
}
