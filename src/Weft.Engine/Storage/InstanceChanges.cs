using Weft.Engine.Instances;
using Weft.Engine.Jobs;
using Weft.Engine.Timers;
using Weft.Engine.Tokens;
using Weft.Engine.UserTasks;

namespace Weft.Engine.Storage;

/// <summary>
/// Everything one advance of one instance wrote, for <see cref="IWeftTransaction.SaveAsync"/> to store: rows to
/// insert, and rows to update. Jobs are the one thing changed without the instance's lock (a poll claims them), so a
/// job update carries the status and lock token it was read with, and the store applies it only if they still hold.
/// </summary>
public sealed class InstanceChanges
{
    /// <summary>The instance's definition, for the events of the change (null when unknown).</summary>
    public string? DefinitionId { get; set; }

    /// <summary>The instance's status before the change: what its events compare <see cref="UpdatedInstance"/> with.</summary>
    public InstanceStatus? StatusBefore { get; set; }

    public WorkflowInstance? InsertedInstance { get; set; }

    public WorkflowInstance? UpdatedInstance { get; set; }

    public List<Token> InsertedTokens { get; } = [];

    public List<Token> UpdatedTokens { get; } = [];

    public List<StepExecution> InsertedExecutions { get; } = [];

    public List<StepExecution> UpdatedExecutions { get; } = [];

    public List<Job> InsertedJobs { get; } = [];

    public List<JobUpdate> UpdatedJobs { get; } = [];

    public List<UserTask> InsertedUserTasks { get; } = [];

    public List<UserTask> UpdatedUserTasks { get; } = [];

    public List<WorkflowTimer> InsertedTimers { get; } = [];

    public List<WorkflowTimer> UpdatedTimers { get; } = [];
}
