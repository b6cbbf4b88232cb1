using System.Text.Json.Nodes;
using Weft.Engine.Advancing;
using Weft.Engine.Definitions;
using Weft.Engine.Instances;
using Weft.Engine.Storage;
using Weft.Engine.Variables;

namespace Weft.Engine.UserTasks;

/// <summary>Lists and completes the tasks USER_TASK steps open for people.</summary>
public sealed class UserTaskService
{
    private readonly IWeftStore _store;
    private readonly InstanceRuntime _runtime;
    private readonly WeftEngineOptions _options;

    internal UserTaskService(IWeftStore store, InstanceRuntime runtime, WeftEngineOptions options)
    {
        _store = store;
        _runtime = runtime;
        _options = options;
    }

    public Task<PagedResult<UserTask>> ListAsync(UserTaskQuery query, CancellationToken cancellationToken = default)
    {
        Paging.Validate(query.Page, query.PageSize);
        return _store.ListUserTasksAsync(query, cancellationToken);
    }

    public async Task<UserTask> GetAsync(string taskId, CancellationToken cancellationToken = default) =>
        await _store.GetUserTaskAsync(taskId, cancellationToken) ?? throw TaskNotFound(taskId);

    /// <summary>
    /// Completes the open task of USER_TASK step <paramref name="stepId"/> of an instance, merging
    /// <paramref name="result"/> into its variables. The same completion again is a no-op; any other completion of
    /// a task that is not open is a conflict that says what state it is in.
    /// </summary>
    public Task CompleteAsync(string instanceId, string stepId, string? completedBy, JsonObject? result, CancellationToken cancellationToken = default) =>
        CompleteAsync(instanceId, stepId, taskId: null, completedBy, result, cancellationToken);

    /// <summary>Completes the task with id <paramref name="taskId"/>; otherwise as <see cref="CompleteAsync(string, string, string?, JsonObject?, CancellationToken)"/>.</summary>
    public async Task CompleteAsync(string taskId, string? completedBy, JsonObject? result, CancellationToken cancellationToken = default)
    {
        var task = await GetAsync(taskId, cancellationToken);
        await CompleteAsync(task.InstanceId, task.StepId, task.Id, completedBy, result, cancellationToken);
    }

    private Task CompleteAsync(string instanceId, string stepId, string? taskId, string? completedBy, JsonObject? result, CancellationToken cancellationToken)
    {
        var variables = result ?? [];
        VariableDocument.EnsureWithinLimit(variables, _options.MaxVariablesBytes, "The task's result");
        if (completedBy is { Length: > 256 })
        {
            throw WeftException.Invalid($"completedBy is {completedBy.Length} characters long; the limit is 256.");
        }

        return _runtime.ChangeAsync(async session =>
        {
            var state = await session.LoadAsync(instanceId, cancellationToken) ?? throw InstanceService.InstanceNotFound(instanceId);
            var step = state.Definition.FindStep(stepId)
                ?? throw WeftException.NotFound($"Step '{stepId}' is not a step of definition '{state.Definition.Id}' version {state.Definition.Version}.");
            if (step.Type != StepTypes.UserTask)
            {
                throw WeftException.Conflict($"Step '{stepId}' is a {step.Type}, not a USER_TASK; it has no task to complete.");
            }

            var open = state.UserTasks.Items.FirstOrDefault(t => t.StepId == stepId && t.Status == UserTaskStatus.Open && (taskId is null || t.Id == taskId));
            if (open is null)
            {
                var tasks = await session.Transaction.FindUserTasksAsync(instanceId, stepId);
                var latest = taskId is null ? (tasks.Count > 0 ? tasks[0] : null) : tasks.FirstOrDefault(t => t.Id == taskId);
                if (latest is { Status: UserTaskStatus.Completed } done && done.CompletedBy == completedBy
                    && VariableDocument.Hash(done.Result) == VariableDocument.Hash(variables))
                {
                    return; // the same completion again: already applied
                }

                throw WeftException.Conflict(latest is null
                    ? $"Instance '{instanceId}' has no task at step '{stepId}': the step has not been reached. The instance is {state.Instance.Status.ToString().ToUpperInvariant()}."
                    : $"The task of step '{stepId}' of instance '{instanceId}' is {latest.Status.ToString().ToUpperInvariant()}{(latest.CompletedBy is { } by ? $" (by '{by}')" : "")}; only an OPEN task can be completed.");
            }

            VariableDocument.EnsureWithinLimit(
                VariableDocument.Merge(state.Variables, variables), _options.MaxVariablesBytes, "The instance's variables after this completion");
            await session.ApplyAsync(state, new Trigger.UserTaskCompleted(open.Id, completedBy, variables), cancellationToken);
        }, cancellationToken);
    }

    private static WeftException TaskNotFound(string id) =>
        WeftException.NotFound($"User task '{id}' does not exist. List open tasks with GET /v1/user-tasks.");
}
