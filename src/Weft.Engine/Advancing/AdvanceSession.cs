using Weft.Engine.Definitions;
using Weft.Engine.Events;
using Weft.Engine.Instances;
using Weft.Engine.Storage;

namespace Weft.Engine.Advancing;

/// <summary>
/// One transaction's worth of advancing: it loads each instance once (under its lock), applies triggers through the
/// <see cref="InstanceAdvancer"/>, carries out their follow-ups on other instances (children, parents, the next
/// workflow of a chain), and finally hands every change to the store.
/// </summary>
internal sealed class AdvanceSession(IWeftTransaction transaction, DefinitionService definitions, InstanceAdvancer advancer, TimeProvider time)
{
    // A chain of instances that start each other at once (A starts B starts A…) or sub-workflows that nest without
    // waiting: each follow-up counts, so that such a definition fails instead of running away.
    private const int MaxFollowUps = 100;

    private readonly Dictionary<string, InstanceState> _states = new(StringComparer.Ordinal);
    private int _followUps;

    public IWeftTransaction Transaction => transaction;

    /// <summary>Jobs this session's saves made claimable, now or at their run-at (after a backoff): who to wake, and when.</summary>
    public List<(string JobType, DateTimeOffset RunAt)> ReadyJobs { get; } = [];

    /// <summary>The events this session appended, for the runtime to publish once they commit.</summary>
    public List<DomainEvent> Events { get; } = [];

    /// <summary>Appends events of a change that is not an advance (a claim, a progress report).</summary>
    public async Task RecordAsync(IReadOnlyList<DomainEvent> events)
    {
        if (events.Count > 0)
        {
            await transaction.AppendEventsAsync(events);
            Events.AddRange(events);
        }
    }

    /// <summary>The instance under its lock, or null when it does not exist.</summary>
    public async Task<InstanceState?> LoadAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (_states.TryGetValue(instanceId, out var loaded))
        {
            return loaded;
        }

        if (await transaction.LoadInstanceAsync(instanceId) is not { } graph)
        {
            return null;
        }

        var definition = await definitions.GetAsync(graph.Instance.DefinitionId, graph.Instance.DefinitionVersion, cancellationToken);
        return _states[instanceId] = new InstanceState(definition, graph);
    }

    /// <summary>A new instance of <paramref name="definition"/>, started (its first step entered).</summary>
    public async Task<InstanceState> StartAsync(WorkflowInstance instance, WorkflowDefinition definition, CancellationToken cancellationToken)
    {
        var state = _states[instance.Id] = new InstanceState(definition, instance);
        await ApplyAsync(state, new Trigger.Start(), cancellationToken);
        return state;
    }

    /// <summary>Applies <paramref name="trigger"/> and everything it leads to in other instances.</summary>
    public async Task ApplyAsync(InstanceState state, Trigger trigger, CancellationToken cancellationToken)
    {
        var outcome = advancer.Advance(state, trigger);
        foreach (var followUp in outcome.FollowUps)
        {
            if (++_followUps > MaxFollowUps)
            {
                throw WeftException.Invalid(
                    $"This change would start or finish more than {MaxFollowUps} instances at once (a chain of autoStartNextWorkflow or SUB_WORKFLOW steps that never waits); nothing was applied.");
            }

            await FollowAsync(followUp, cancellationToken);
        }
    }

    /// <summary>Writes every instance this session changed.</summary>
    public async Task SaveAsync()
    {
        foreach (var state in _states.Values)
        {
            var changes = state.TakeChanges();
            await transaction.SaveAsync(changes);
            await RecordAsync(EventsOf.Changes(changes, time.UtcNowMillis()));
            foreach (var job in changes.InsertedJobs.Concat(changes.UpdatedJobs.Select(u => u.Job)))
            {
                if (job is { Status: Jobs.JobStatus.Unlocked, Held: false })
                {
                    ReadyJobs.Add((job.JobType, job.RunAt));
                }
            }
        }
    }

    private async Task FollowAsync(FollowUp followUp, CancellationToken cancellationToken)
    {
        switch (followUp)
        {
            case FollowUp.StartChild child:
                await StartChildAsync(child, cancellationToken);
                break;
            case FollowUp.NotifyParent notice when await LoadAsync(notice.ParentInstanceId, cancellationToken) is { } parent:
                await ApplyAsync(parent, new Trigger.ChildFinished(notice.ChildInstanceId, notice.ParentTokenId, notice.Status, notice.Variables, notice.Reason), cancellationToken);
                break;
            case FollowUp.StartNext next:
                await StartNextAsync(next, cancellationToken);
                break;
            case FollowUp.CancelChildren cancel:
                foreach (var childId in await transaction.FindLiveChildInstancesAsync(cancel.InstanceId, cancel.TokenId))
                {
                    if (await LoadAsync(childId, cancellationToken) is { } child && child.Instance.Status is not (InstanceStatus.Completed or InstanceStatus.Cancelled))
                    {
                        await ApplyAsync(child, new Trigger.Cancel(cancel.Reason, ByParent: true), cancellationToken);
                    }
                }

                break;
            default:
                break;
        }
    }

    private async Task StartChildAsync(FollowUp.StartChild child, CancellationToken cancellationToken)
    {
        WorkflowDefinition definition;
        try
        {
            definition = await definitions.GetAsync(child.DefinitionId, child.Version, cancellationToken);
        }
        catch (WeftException ex) when (ex.Kind == WeftErrorKind.NotFound)
        {
            var parent = (await LoadAsync(child.ParentInstanceId, cancellationToken))!;
            await ApplyAsync(parent, new Trigger.ChildFinished("(none)", child.ParentTokenId, InstanceStatus.Failed, [], $"it could not start: {ex.Message}"), cancellationToken);
            return;
        }

        var instance = NewInstance(definition, child.Variables, child.BusinessKey) with
        {
            ParentInstanceId = child.ParentInstanceId,
            ParentTokenId = child.ParentTokenId,
        };
        await StartAsync(instance, definition, cancellationToken);
    }

    private async Task StartNextAsync(FollowUp.StartNext next, CancellationToken cancellationToken)
    {
        WorkflowDefinition definition;
        try
        {
            definition = await definitions.GetAsync(next.DefinitionId, null, cancellationToken);
        }
        catch (WeftException ex) when (ex.Kind == WeftErrorKind.NotFound)
        {
            return; // the instance completed; the chain has nowhere to go (upload checks the name, not that it exists)
        }

        await StartAsync(NewInstance(definition, (System.Text.Json.Nodes.JsonObject)next.Variables.DeepClone(), next.BusinessKey), definition, cancellationToken);
    }

    public WorkflowInstance NewInstance(WorkflowDefinition definition, System.Text.Json.Nodes.JsonObject variables, string? businessKey)
    {
        var now = time.UtcNowMillis();
        return new WorkflowInstance
        {
            Id = Ids.New(),
            DefinitionId = definition.Id,
            DefinitionVersion = definition.Version,
            Status = InstanceStatus.Active,
            BusinessKey = businessKey,
            Variables = variables,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }
}
