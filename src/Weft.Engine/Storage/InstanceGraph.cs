using Weft.Engine.Instances;
using Weft.Engine.Jobs;
using Weft.Engine.Timers;
using Weft.Engine.Tokens;
using Weft.Engine.UserTasks;

namespace Weft.Engine.Storage;

/// <summary>
/// An instance with everything that can still change about it, as <see cref="IWeftTransaction.LoadInstanceAsync"/>
/// reads it under the instance's lock: its live tokens, open jobs, open user tasks, scheduled timers and running
/// step executions. Finished things are history and are not loaded.
/// </summary>
public sealed record InstanceGraph(
    WorkflowInstance Instance,
    IReadOnlyList<Token> Tokens,
    IReadOnlyList<Job> Jobs,
    IReadOnlyList<UserTask> UserTasks,
    IReadOnlyList<WorkflowTimer> Timers,
    IReadOnlyList<StepExecution> RunningExecutions);
