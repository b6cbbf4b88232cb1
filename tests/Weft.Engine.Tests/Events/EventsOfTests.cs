using Weft.Engine.Events;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;
using Weft.Engine.Storage;
using Weft.Engine.Timers;
using Weft.Engine.Tokens;
using Weft.Engine.UserTasks;

namespace Weft.Engine.Tests.Events;

/// <summary>The one rule that turns what a change writes into its events.</summary>
public sealed class EventsOfTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static WorkflowInstance Instance(InstanceStatus status) => new()
    {
        Id = "i1", DefinitionId = "orders", DefinitionVersion = 1, Status = status, Variables = [], CreatedAt = At, UpdatedAt = At, BusinessKey = "k",
    };

    private static Job Job(JobStatus status, string? workerId = null) => new()
    {
        Id = "j1", InstanceId = "i1", StepExecutionId = "e1", StepId = "charge", JobType = "charge-card", Status = status, WorkerId = workerId,
        RetriesRemaining = 2, RunAt = At, LeaseDuration = TimeSpan.FromSeconds(30), CreatedAt = At,
    };

    private static List<string> Kinds(InstanceChanges changes) => [.. EventsOf.Changes(changes, At).Select(e => $"{e.Topic}/{e.Kind}")];

    [Fact]
    public void A_new_instance_starts_then_its_token_and_job_are_created()
    {
        var changes = new InstanceChanges { DefinitionId = "orders", InsertedInstance = Instance(InstanceStatus.Active) };
        changes.InsertedTokens.Add(new Token { Id = "t1", InstanceId = "i1", StepId = "charge", Status = TokenStatus.Active, CreatedAt = At, UpdatedAt = At });
        changes.InsertedJobs.Add(Job(JobStatus.Unlocked));

        var events = EventsOf.Changes(changes, At);

        Assert.Equal(["instance/started", "token/created", "job/created"], events.Select(e => $"{e.Topic}/{e.Kind}"));
        Assert.All(events, e => Assert.Equal(("i1", "orders", At), (e.InstanceId, e.DefinitionId, e.At)));
        Assert.Equal("k", events[0].Data["businessKey"]!.GetValue<string>());
        Assert.Equal("charge-card", events[2].Data["jobType"]!.GetValue<string>());
        Assert.Equal(("charge", "j1"), (events[2].StepId, events[2].EntityId));
    }

    [Fact]
    public void An_instance_that_ends_in_its_first_advance_starts_and_completes()
    {
        var changes = new InstanceChanges { InsertedInstance = Instance(InstanceStatus.Completed) };
        Assert.Equal(["instance/started", "instance/completed"], Kinds(changes));
    }

    [Theory]
    [InlineData(InstanceStatus.Active, InstanceStatus.Suspended, "suspended")]
    [InlineData(InstanceStatus.Suspended, InstanceStatus.Active, "resumed")]
    [InlineData(InstanceStatus.Failed, InstanceStatus.Active, "retried")]
    [InlineData(InstanceStatus.Active, InstanceStatus.Cancelled, "cancelled")]
    [InlineData(InstanceStatus.Active, InstanceStatus.Failed, "failed")]
    [InlineData(InstanceStatus.Waiting, InstanceStatus.Completed, "completed")]
    public void A_status_change_of_an_instance_is_one_event_after_the_rest(InstanceStatus before, InstanceStatus after, string kind)
    {
        var changes = new InstanceChanges { StatusBefore = before, UpdatedInstance = Instance(after) };
        changes.UpdatedJobs.Add(new JobUpdate(Job(JobStatus.Cancelled), JobStatus.Unlocked, null));
        var events = EventsOf.Changes(changes, At);
        Assert.Equal(["job/cancelled", $"instance/{kind}"], events.Select(e => $"{e.Topic}/{e.Kind}"));
        Assert.Equal(before.ToString().ToUpperInvariant(), events[1].Data["previousStatus"]!.GetValue<string>());
    }

    [Fact]
    public void An_instance_update_without_a_new_status_makes_no_instance_event()
    {
        Assert.Empty(Kinds(new InstanceChanges { StatusBefore = InstanceStatus.Active, UpdatedInstance = Instance(InstanceStatus.Active) }));
    }

    [Theory]
    [InlineData(JobStatus.Locked, JobStatus.Completed, null, "completed")]
    [InlineData(JobStatus.Locked, JobStatus.Failed, null, "failed")]
    [InlineData(JobStatus.Locked, JobStatus.Unlocked, null, "retrying")]
    [InlineData(JobStatus.Locked, JobStatus.Unlocked, "w1", "lockExpired")]
    [InlineData(JobStatus.Unlocked, JobStatus.Cancelled, null, "cancelled")]
    public void A_job_update_says_how_the_job_moved(JobStatus before, JobStatus after, string? workerId, string kind)
    {
        var changes = new InstanceChanges();
        changes.UpdatedJobs.Add(new JobUpdate(Job(after, workerId) with { LastError = "boom" }, before, "lock"));
        var e = Assert.Single(EventsOf.Changes(changes, At));
        Assert.Equal(("job", kind), (e.Topic, e.Kind));
        Assert.Null(e.DefinitionId); // unknown here: the store takes it from the instance
    }

    [Fact]
    public void A_job_update_that_keeps_it_locked_makes_no_event()
    {
        var changes = new InstanceChanges();
        changes.UpdatedJobs.Add(new JobUpdate(Job(JobStatus.Locked, "w1"), JobStatus.Locked, "lock"));
        Assert.Empty(EventsOf.Changes(changes, At));
    }

    [Fact]
    public void User_tasks_timers_and_tokens_say_what_became_of_them()
    {
        var changes = new InstanceChanges { DefinitionId = "orders" };
        changes.InsertedUserTasks.Add(new UserTask
        {
            Id = "u1", InstanceId = "i1", TokenId = "t1", StepId = "approve", StepExecutionId = "e1", Status = UserTaskStatus.Open, CreatedAt = At, Name = "Approve",
        });
        changes.UpdatedTimers.Add(new WorkflowTimer
        {
            Id = "tm1", InstanceId = "i1", TokenId = "t1", StepId = "wait", Kind = TimerKind.Step, DueAt = At, Status = TimerStatus.Fired, CreatedAt = At,
        });
        changes.InsertedTimers.Add(new WorkflowTimer
        {
            Id = "tm2", InstanceId = "i1", TokenId = "t1", StepId = "approve", Kind = TimerKind.Boundary, DueAt = At, Status = TimerStatus.Scheduled, CreatedAt = At,
        });
        changes.UpdatedTokens.Add(new Token { Id = "t1", InstanceId = "i1", StepId = "approve", Status = TokenStatus.Waiting, CreatedAt = At, UpdatedAt = At });

        Assert.Equal(["timer/fired", "token/waiting", "userTask/created", "timer/scheduled"], Kinds(changes));
    }

    [Fact]
    public void Claims_and_progress_reports_are_events_of_their_job()
    {
        var claimed = Assert.Single(EventsOf.Claimed([Job(JobStatus.Locked, "w1") with { LockExpiresAt = At.AddSeconds(30) }], At));
        Assert.Equal(("job", "locked", "w1"), (claimed.Topic, claimed.Kind, claimed.Data["workerId"]!.GetValue<string>()));

        var progress = EventsOf.Progress(Job(JobStatus.Locked, "w1"), new JobProgress(42.5, "half", At));
        Assert.Equal(("progress", "reported", "j1", "charge"), (progress.Topic, progress.Kind, progress.EntityId, progress.StepId));
        Assert.Equal(42.5, progress.Data["percent"]!.GetValue<double>());
        Assert.Equal("half", progress.Data["message"]!.GetValue<string>());
    }

    [Fact]
    public void An_operators_hold_and_release_of_a_step_are_instance_events_naming_the_step()
    {
        var held = Assert.Single(EventsOf.StepHold(Instance(InstanceStatus.Active), "charge", held: true, At));
        var released = Assert.Single(EventsOf.StepHold(Instance(InstanceStatus.Suspended), "charge", held: false, At));

        Assert.Equal(("instance", "held", "i1", "charge", "orders"), (held.Topic, held.Kind, held.EntityId, held.StepId, held.DefinitionId));
        Assert.Equal(("charge", "ACTIVE", "k"), (held.Data["stepId"]!.GetValue<string>(), held.Data["status"]!.GetValue<string>(), held.Data["businessKey"]!.GetValue<string>()));
        Assert.Equal(("released", "SUSPENDED"), (released.Kind, released.Data["status"]!.GetValue<string>()));
    }
}
