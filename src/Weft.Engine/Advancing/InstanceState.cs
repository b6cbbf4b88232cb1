using System.Text.Json.Nodes;
using Weft.Engine.Definitions;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;
using Weft.Engine.Storage;
using Weft.Engine.Timers;
using Weft.Engine.Tokens;
using Weft.Engine.UserTasks;

namespace Weft.Engine.Advancing;

/// <summary>
/// One instance in memory while it is advanced: what <see cref="InstanceGraph"/> loaded, changed in place by the
/// <see cref="InstanceAdvancer"/>, and turned into <see cref="InstanceChanges"/> for the store. No I/O here.
/// </summary>
internal sealed class InstanceState
{
    private readonly Dictionary<string, (JobStatus Status, string? LockToken)> _jobsAsRead = new(StringComparer.Ordinal);
    private bool _isNew;
    private bool _instanceChanged;
    private InstanceStatus _statusAsSaved;

    public InstanceState(WorkflowDefinition definition, InstanceGraph graph)
    {
        Definition = definition;
        Instance = graph.Instance;
        _statusAsSaved = graph.Instance.Status;
        Tokens.Load(graph.Tokens);
        Jobs.Load(graph.Jobs);
        UserTasks.Load(graph.UserTasks);
        Timers.Load(graph.Timers);
        Executions.Load(graph.RunningExecutions);
        foreach (var job in graph.Jobs)
        {
            _jobsAsRead[job.Id] = (job.Status, job.LockToken);
        }
    }

    /// <summary>A new instance, to be inserted.</summary>
    public InstanceState(WorkflowDefinition definition, WorkflowInstance instance)
        : this(definition, new InstanceGraph(instance, [], [], [], [], []))
    {
        _isNew = true;
    }

    public WorkflowDefinition Definition { get; }

    public WorkflowInstance Instance { get; private set; }

    public Tracked<Token> Tokens { get; } = new(t => t.Id);

    /// <summary>The instance's open jobs, and those this advance finished.</summary>
    public Tracked<Job> Jobs { get; } = new(j => j.Id);

    public Tracked<UserTask> UserTasks { get; } = new(t => t.Id);

    public Tracked<WorkflowTimer> Timers { get; } = new(t => t.Id);

    /// <summary>Running step executions, and those this advance started or ended.</summary>
    public Tracked<StepExecution> Executions { get; } = new(e => e.Id);

    public JsonObject Variables => Instance.Variables;

    public IEnumerable<Token> LiveTokens => Tokens.Items.Where(t => t.IsLive);

    public void SetInstance(WorkflowInstance instance)
    {
        Instance = instance;
        _instanceChanged = true;
    }

    public StepExecution? RunningExecutionOf(Token token) =>
        Executions.Items.LastOrDefault(e => e.TokenId == token.Id && e.Status == StepExecutionStatus.Running);

    /// <summary>What changed since the state was loaded (or since the last call), for the store to write.</summary>
    public InstanceChanges TakeChanges()
    {
        var changes = new InstanceChanges { DefinitionId = Instance.DefinitionId, StatusBefore = _isNew ? null : _statusAsSaved };
        _statusAsSaved = Instance.Status;
        if (_isNew)
        {
            changes.InsertedInstance = Instance;
        }
        else if (_instanceChanged)
        {
            changes.UpdatedInstance = Instance;
        }

        changes.InsertedTokens.AddRange(Tokens.Inserted);
        changes.UpdatedTokens.AddRange(Tokens.Updated);
        changes.InsertedExecutions.AddRange(Executions.Inserted);
        changes.UpdatedExecutions.AddRange(Executions.Updated);
        changes.InsertedJobs.AddRange(Jobs.Inserted);
        foreach (var job in Jobs.Updated)
        {
            var (status, lockToken) = _jobsAsRead[job.Id];
            changes.UpdatedJobs.Add(new JobUpdate(job, status, lockToken));
        }

        changes.InsertedUserTasks.AddRange(UserTasks.Inserted);
        changes.UpdatedUserTasks.AddRange(UserTasks.Updated);
        changes.InsertedTimers.AddRange(Timers.Inserted);
        changes.UpdatedTimers.AddRange(Timers.Updated);

        // Whatever was written becomes what a later save compares against.
        foreach (var job in Jobs.Items)
        {
            _jobsAsRead[job.Id] = (job.Status, job.LockToken);
        }

        Tokens.ClearChanges();
        Jobs.ClearChanges();
        UserTasks.ClearChanges();
        Timers.ClearChanges();
        Executions.ClearChanges();
        _isNew = false;
        _instanceChanged = false;
        return changes;
    }
}
