using System.Text.Json.Nodes;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;
using Weft.Engine.Storage;
using Weft.Engine.Timers;
using Weft.Engine.Tokens;
using Weft.Engine.UserTasks;

namespace Weft.Engine.Events;

/// <summary>
/// The one place that says which events a change makes, from what it writes: an advance's <see cref="InstanceChanges"/>,
/// a poll's claims, a progress report, an operator's hold or release of a step. Heartbeats make none (they change nothing anyone watches), nor do step
/// executions (the history has them).
/// </summary>
public static class EventsOf
{
    public static IReadOnlyList<DomainEvent> Changes(InstanceChanges changes, DateTimeOffset at)
    {
        // What ended first, then what began, then the instance's own change: a job completes, its token moves on, the
        // next job is created, and only then does the instance complete.
        var events = new List<DomainEvent>();
        var definitionId = changes.DefinitionId;
        if (changes.InsertedInstance is { } started)
        {
            events.Add(Instance(started, "started", at, null));
        }

        foreach (var update in changes.UpdatedJobs)
        {
            if (JobKind(update) is { } kind)
            {
                events.Add(Job(update.Job, kind, definitionId, at));
            }
        }

        events.AddRange(changes.UpdatedUserTasks.Select(t => UserTask(t, Word(t.Status), definitionId, at)));
        events.AddRange(changes.UpdatedTimers.Select(t => Timer(t, Word(t.Status), definitionId, at)));
        events.AddRange(changes.UpdatedTokens.Select(t => Token(t, Word(t.Status), definitionId, at)));
        events.AddRange(changes.InsertedTokens.Select(t => Token(t, "created", definitionId, at)));
        events.AddRange(changes.InsertedJobs.Select(j => Job(j, "created", definitionId, at)));
        events.AddRange(changes.InsertedUserTasks.Select(t => UserTask(t, "created", definitionId, at)));
        events.AddRange(changes.InsertedTimers.Select(t => Timer(t, "scheduled", definitionId, at)));
        if (changes.InsertedInstance is { Status: not InstanceStatus.Active } finished)
        {
            events.Add(Instance(finished, InstanceKind(InstanceStatus.Active, finished.Status), at, InstanceStatus.Active));
        }
        else if (changes.UpdatedInstance is { } updated && changes.StatusBefore is { } before && before != updated.Status)
        {
            events.Add(Instance(updated, InstanceKind(before, updated.Status), at, before));
        }

        return events;
    }

    /// <summary>A poll locked these jobs for their worker.</summary>
    public static IReadOnlyList<DomainEvent> Claimed(IReadOnlyList<Job> jobs, DateTimeOffset at) =>
        jobs.Select(j => Job(j, "locked", null, at)).ToList();

    /// <summary>
    /// An operator held (<paramref name="held"/>) or released step <paramref name="stepId"/> of
    /// <paramref name="instance"/>: an <c>instance</c> event, since a step may be held before it has a job.
    /// </summary>
    public static IReadOnlyList<DomainEvent> StepHold(WorkflowInstance instance, string stepId, bool held, DateTimeOffset at)
    {
        var data = new JsonObject { ["status"] = Status(instance.Status), ["stepId"] = stepId };
        if (instance.BusinessKey is not null)
        {
            data["businessKey"] = instance.BusinessKey;
        }

        return
        [
            new DomainEvent
            {
                At = at,
                Topic = EventTopics.Instance,
                Kind = held ? "held" : "released",
                InstanceId = instance.Id,
                DefinitionId = instance.DefinitionId,
                StepId = stepId,
                EntityId = instance.Id,
                Data = data,
            },
        ];
    }

    /// <summary>The worker holding <paramref name="job"/> reported <paramref name="progress"/>.</summary>
    public static DomainEvent Progress(Job job, JobProgress progress) => new()
    {
        At = progress.ReportedAt,
        Topic = EventTopics.Progress,
        Kind = "reported",
        InstanceId = job.InstanceId,
        StepId = job.StepId,
        EntityId = job.Id,
        Data = new JsonObject { ["jobType"] = job.JobType, ["workerId"] = job.WorkerId, ["percent"] = progress.Percent, ["message"] = progress.Message },
    };

    private static string InstanceKind(InstanceStatus before, InstanceStatus after) => (before, after) switch
    {
        (InstanceStatus.Suspended, InstanceStatus.Active or InstanceStatus.Waiting) => "resumed",
        (InstanceStatus.Failed, InstanceStatus.Active or InstanceStatus.Waiting) => "retried",
        _ => Word(after),
    };

    private static string? JobKind(JobUpdate update) => (update.ExpectedStatus, update.Job.Status) switch
    {
        (_, JobStatus.Completed) => "completed",
        (_, JobStatus.Failed) => "failed",
        (_, JobStatus.Cancelled) => "cancelled",

        // A lease taken back keeps its worker (so that a late completion still counts); a reported failure does not.
        (JobStatus.Locked, JobStatus.Unlocked) => update.Job.WorkerId is null ? "retrying" : "lockExpired",
        (JobStatus.Unlocked, JobStatus.Unlocked) => update.Job.Held ? "held" : "released",
        (JobStatus.Locked, JobStatus.Locked) => null, // a heartbeat or progress: not a change of state
        (_, var status) => Word(status),
    };

    private static DomainEvent Instance(WorkflowInstance instance, string kind, DateTimeOffset at, InstanceStatus? before)
    {
        var data = new JsonObject { ["status"] = Status(instance.Status) };
        if (before is { } previous)
        {
            data["previousStatus"] = Status(previous);
        }

        if (instance.BusinessKey is not null)
        {
            data["businessKey"] = instance.BusinessKey;
        }

        if (instance.FailureReason is not null && instance.Status == InstanceStatus.Failed)
        {
            data["error"] = instance.FailureReason;
        }

        return new DomainEvent
        {
            At = at,
            Topic = EventTopics.Instance,
            Kind = kind,
            InstanceId = instance.Id,
            DefinitionId = instance.DefinitionId,
            StepId = instance.CurrentStepIds.Count == 1 ? instance.CurrentStepIds[0] : null,
            EntityId = instance.Id,
            Data = data,
        };
    }

    private static DomainEvent Token(Token token, string kind, string? definitionId, DateTimeOffset at) => new()
    {
        At = at,
        Topic = EventTopics.Token,
        Kind = kind,
        InstanceId = token.InstanceId,
        DefinitionId = definitionId,
        StepId = token.StepId,
        EntityId = token.Id,
        Data = new JsonObject { ["status"] = Status(token.Status) },
    };

    private static DomainEvent Job(Job job, string kind, string? definitionId, DateTimeOffset at)
    {
        var data = new JsonObject { ["status"] = Status(job.Status), ["jobType"] = job.JobType, ["retriesRemaining"] = job.RetriesRemaining };
        if (job.WorkerId is not null)
        {
            data["workerId"] = job.WorkerId;
        }

        if (kind is "locked" && job.LockExpiresAt is { } expires)
        {
            data["lockExpiresAt"] = Iso(expires);
        }

        if (kind is "retrying" or "lockExpired")
        {
            data["runAt"] = Iso(job.RunAt);
        }

        if (kind is "failed" or "retrying" or "lockExpired" or "cancelled" && job.LastError is not null)
        {
            data["error"] = job.LastError;
        }

        return new DomainEvent
        {
            At = at, Topic = EventTopics.Job, Kind = kind, InstanceId = job.InstanceId, DefinitionId = definitionId, StepId = job.StepId, EntityId = job.Id, Data = data,
        };
    }

    private static DomainEvent UserTask(UserTask task, string kind, string? definitionId, DateTimeOffset at)
    {
        var data = new JsonObject { ["status"] = Status(task.Status) };
        if (task.Name is not null)
        {
            data["name"] = task.Name;
        }

        if (task.Assignee is not null)
        {
            data["assignee"] = task.Assignee;
        }

        if (task.CompletedBy is not null)
        {
            data["completedBy"] = task.CompletedBy;
        }

        return new DomainEvent
        {
            At = at, Topic = EventTopics.UserTask, Kind = kind, InstanceId = task.InstanceId, DefinitionId = definitionId, StepId = task.StepId, EntityId = task.Id, Data = data,
        };
    }

    private static DomainEvent Timer(WorkflowTimer timer, string kind, string? definitionId, DateTimeOffset at) => new()
    {
        At = at,
        Topic = EventTopics.Timer,
        Kind = kind,
        InstanceId = timer.InstanceId,
        DefinitionId = definitionId,
        StepId = timer.StepId,
        EntityId = timer.Id,
        Data = new JsonObject { ["status"] = Status(timer.Status), ["dueAt"] = Iso(timer.DueAt) },
    };

    private static string Iso(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static string Status<T>(T status)
        where T : struct, Enum => StatusNames.Api(status);

    private static string Word<T>(T status)
        where T : struct, Enum => StatusNames.Word(status);
}
