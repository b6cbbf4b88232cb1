using System.Text.Json.Nodes;
using Weft.Engine.Advancing;
using Weft.Engine.Definitions;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;
using Weft.Engine.Timers;
using Weft.Engine.Tokens;
using Weft.Engine.UserTasks;
using Weft.Testing;

namespace Weft.Engine.Tests.Advancing;

/// <summary>
/// The advancer on an instance held in memory: every step type's decision, applied by the one advancer, without a
/// store. What the store does with the changes is the storage conformance suite's concern.
/// </summary>
public sealed class InstanceAdvancerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly WeftEngineOptions _options = new() { MaxStepsPerAdvance = 50, MaxVariablesBytes = 10_000 };

    // ---- steps that decide on their own ----

    [Fact]
    public void Start_runs_automatic_steps_until_the_first_job()
    {
        var state = Start(Flow(
            Transform("shape", "check", ("total", JsonValue.Create("${price * quantity}"))),
            Decide("check", null, ("total > 100", "big"), ("true", "small")),
            Service("big", "end"),
            Service("small", "end"),
            End()), """{"price": 30, "quantity": 4}""");

        Assert.Equal(InstanceStatus.Active, state.Instance.Status);
        Assert.Equal(["big"], state.Instance.CurrentStepIds);
        Assert.Equal(120, state.Variables["total"]!.GetValue<long>());
        var job = Assert.Single(state.Jobs.Items);
        Assert.Equal(("big", "big", JobStatus.Unlocked), (job.StepId, job.JobType, job.Status));
        Assert.Equal(["shape", "check", "big"], state.Executions.Items.Select(e => e.StepId));
        Assert.Equal("""{"total":120}""", state.Executions.Items.First().Output!.ToJsonString());
    }

    [Fact]
    public void A_decision_takes_the_first_condition_that_holds_in_the_order_written()
    {
        var state = Start(Flow(Decide("d", null, ("n > 1", "a"), ("n > 0", "b")), Service("a", "end"), Service("b", "end"), End()), """{"n": 5}""");
        Assert.Equal(["a"], state.Instance.CurrentStepIds);
    }

    [Fact]
    public void A_decision_with_no_condition_true_fails_with_DecisionNoBranchMatched()
    {
        var state = Start(Flow(Decide("d", null, ("n > 10", "a")), Service("a", "end"), End()), """{"n": 5}""");

        Assert.Equal(InstanceStatus.Failed, state.Instance.Status);
        Assert.StartsWith("DecisionNoBranchMatched: no condition of step 'd' is true (n > 10)", state.Instance.FailureReason, StringComparison.Ordinal);
        Assert.Equal(["d"], state.Instance.CurrentStepIds);
        Assert.Equal(StepExecutionStatus.Failed, Assert.Single(state.Executions.Items).Status);
    }

    [Fact]
    public void A_decision_without_a_match_takes_its_next_step_when_it_has_one()
    {
        var state = Start(Flow(Decide("d", "b", ("n > 10", "a")), Service("a", "end"), Service("b", "end"), End()), """{"n": 5}""");
        Assert.Equal(["b"], state.Instance.CurrentStepIds);
    }

    [Fact]
    public void A_condition_that_is_not_a_boolean_fails_the_instance_naming_the_expression()
    {
        var state = Start(Flow(Decide("d", null, ("n + 1", "a")), Service("a", "end"), End()), """{"n": 5}""");

        Assert.Equal(InstanceStatus.Failed, state.Instance.Status);
        Assert.Contains("'n + 1'", state.Instance.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_loop_through_automatic_steps_that_never_waits_fails_instead_of_spinning()
    {
        var state = Start(Flow(Decide("again", null, ("true", "count")), Transform("count", "again", ("n", JsonValue.Create("${n + 1}"))), End()), """{"n": 0}""");

        Assert.Equal(InstanceStatus.Failed, state.Instance.Status);
        Assert.Contains("went through 50 steps without waiting", state.Instance.FailureReason, StringComparison.Ordinal);
        Assert.Contains("A DECISION probably loops forever", state.Instance.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_loop_that_waits_for_a_job_each_round_goes_on_for_as_many_rounds_as_it_needs()
    {
        var state = Start(Flow(
            Service("work", "count"),
            Transform("count", "more", ("n", JsonValue.Create("${n + 1}"))),
            Decide("more", "end", ("n < 80", "work")),
            End()), """{"n": 0}""");

        for (var round = 0; round < 80; round++)
        {
            Advance(state, new Trigger.JobCompleted(OpenJob(state).Id, [], "h"));
        }

        Assert.Equal(InstanceStatus.Completed, state.Instance.Status);
        Assert.Equal(80, state.Variables["n"]!.GetValue<long>());
    }

    [Fact]
    public void Variables_that_grow_over_the_limit_fail_the_instance()
    {
        var state = Start(Flow(Transform("grow", "a", ("blob", JsonValue.Create(new string('x', 20_000)))), Service("a", "end"), End()));

        Assert.Equal(InstanceStatus.Failed, state.Instance.Status);
        Assert.Contains("over the limit of 10,000", state.Instance.FailureReason, StringComparison.Ordinal);
    }

    // ---- parallel gateways ----

    [Fact]
    public void A_gateway_sends_a_token_down_each_branch_and_its_join_goes_on_once_when_all_arrived()
    {
        var state = Start(Flow(
            Gateway("fork", "meet", "a", "b", "c"),
            Service("a", "meet"), Service("b", "b2"), Service("b2", "meet"), Service("c", "meet"),
            Join("meet", "after"), Service("after", "end"), End()));

        Assert.Equal(["a", "b", "c"], state.Instance.CurrentStepIds.Order());
        Complete(state, "a");
        Complete(state, "b");
        Complete(state, "c");
        Assert.DoesNotContain(state.Jobs.Items, j => j.StepId == "after");
        Assert.Equal(["b2"], state.Instance.CurrentStepIds);

        Complete(state, "b2");

        Assert.Single(state.Jobs.Items, j => j.StepId == "after");
        Assert.Equal(["after"], state.Instance.CurrentStepIds);
        Assert.Single(state.LiveTokens);
        Assert.Equal(3, state.Executions.Items.Count(e => e.StepId == "meet"));
    }

    [Fact]
    public void Nested_gateways_join_at_their_own_joins()
    {
        var state = Start(Flow(
            Gateway("outer", "outer-join", "inner", "x"),
            Gateway("inner", "inner-join", "a", "b"),
            Service("a", "inner-join"), Service("b", "inner-join"),
            Join("inner-join", "y"), Service("y", "outer-join"),
            Service("x", "outer-join"),
            Join("outer-join", "end"),
            End()));

        Assert.Equal(["a", "b", "x"], state.Instance.CurrentStepIds.Order());
        Complete(state, "x");
        Complete(state, "a");
        Assert.Equal(InstanceStatus.Active, state.Instance.Status);
        Complete(state, "b");
        Assert.Equal(["y"], state.Instance.CurrentStepIds);
        Complete(state, "y");

        Assert.Equal(InstanceStatus.Completed, state.Instance.Status);
        Assert.Equal(["end"], state.Instance.CurrentStepIds);
    }

    [Fact]
    public void An_end_reached_in_one_branch_completes_the_instance_and_cancels_the_other_branches()
    {
        var state = Start(Flow(Gateway("fork", "meet", "a", "b"), Service("a", "end"), Service("b", "meet"), Join("meet", "end"), End()));

        Complete(state, "a");

        Assert.Equal(InstanceStatus.Completed, state.Instance.Status);
        var other = state.Jobs.Items.Single(j => j.StepId == "b");
        Assert.Equal(JobStatus.Cancelled, other.Status);
        Assert.Empty(state.LiveTokens);
        Assert.Equal(StepExecutionStatus.Cancelled, state.Executions.Items.Single(e => e.StepId == "b").Status);
    }

    [Fact]
    public void A_path_that_reaches_a_join_outside_its_gateway_fails_the_instance_clearly()
    {
        // Not a definition the validator accepts; the advancer must still never wait forever on it.
        var definition = Flow(Service("a", "meet"), Join("meet", "end"), End());
        var state = Start(definition);

        Complete(state, "a");

        Assert.Equal(InstanceStatus.Failed, state.Instance.Status);
        Assert.Contains("reached JOIN_GATEWAY 'meet' without coming from a branch of its PARALLEL_GATEWAY", state.Instance.FailureReason, StringComparison.Ordinal);
    }

    // ---- waiting: user tasks, signals, timers ----

    [Fact]
    public void A_user_task_waits_for_its_completion_and_merges_the_result()
    {
        var state = Start(Flow(
            new StepDefinition { Id = "review", Type = StepTypes.UserTask, NextStep = "end", Assignee = "ann", CandidateGroups = ["clerks"], CandidateGroup = "managers" },
            End()));

        Assert.Equal(InstanceStatus.Waiting, state.Instance.Status);
        var task = Assert.Single(state.UserTasks.Items);
        Assert.Equal(("review", UserTaskStatus.Open, "ann"), (task.StepId, task.Status, task.Assignee));
        Assert.Equal(["clerks", "managers"], task.CandidateGroups);

        Advance(state, new Trigger.UserTaskCompleted(task.Id, "bob", Json("""{"approved": true}""")));

        Assert.Equal(InstanceStatus.Completed, state.Instance.Status);
        Assert.True(state.Variables["approved"]!.GetValue<bool>());
        Assert.Equal(("bob", UserTaskStatus.Completed), (state.UserTasks.Items.Single().CompletedBy, state.UserTasks.Items.Single().Status));
    }

    [Fact]
    public void A_signal_resumes_the_waiting_step_and_a_signal_to_a_step_not_waiting_is_a_conflict()
    {
        var state = Start(Flow(Service("first", "wait"), Wait("wait", "end"), End()));

        var early = Assert.Throws<WeftException>(() => Advance(state, new Trigger.SignalReceived("wait", [])));
        Assert.Equal(WeftErrorKind.Conflict, early.Kind);
        Assert.Contains("is not waiting at step 'wait': it is ACTIVE at 'first'", early.Message, StringComparison.Ordinal);
        var notWait = Assert.Throws<WeftException>(() => Advance(state, new Trigger.SignalReceived("first", [])));
        Assert.Contains("is a SERVICE_TASK, not a WAIT step", notWait.Message, StringComparison.Ordinal);

        Complete(state, "first");
        Assert.Equal(InstanceStatus.Waiting, state.Instance.Status);
        Advance(state, new Trigger.SignalReceived("wait", Json("""{"settled": 1}""")));

        Assert.Equal(InstanceStatus.Completed, state.Instance.Status);
        Assert.Equal(1, state.Variables["settled"]!.GetValue<int>());
    }

    [Fact]
    public void A_timer_step_waits_for_its_duration_and_then_goes_on()
    {
        var state = Start(Flow(new StepDefinition { Id = "pause", Type = StepTypes.Timer, Duration = "P1DT2H", NextStep = "end" }, End()));

        var timer = Assert.Single(state.Timers.Items);
        Assert.Equal((TimerKind.Step, _time.GetUtcNow() + TimeSpan.FromHours(26)), (timer.Kind, timer.DueAt));
        Assert.Equal(InstanceStatus.Waiting, state.Instance.Status);

        Advance(state, new Trigger.TimerFired(timer.Id));

        Assert.Equal(InstanceStatus.Completed, state.Instance.Status);
        Assert.Equal(TimerStatus.Fired, state.Timers.Items.Single().Status);
    }

    [Fact]
    public void An_interrupting_boundary_timer_cancels_the_job_and_moves_on_to_its_target()
    {
        var state = Start(Flow(
            Service("slow", "end") with { BoundaryEvents = [new BoundaryEvent { Type = "TIMER", Duration = "PT2S", Interrupting = true, TargetStepId = "late" }] },
            Service("late", "end"),
            End()));
        var boundary = Assert.Single(state.Timers.Items);

        Advance(state, new Trigger.TimerFired(boundary.Id));

        Assert.Equal(JobStatus.Cancelled, state.Jobs.Items.Single(j => j.StepId == "slow").Status);
        Assert.Equal(["late"], state.Instance.CurrentStepIds);
        var interrupted = state.Executions.Items.Single(e => e.StepId == "slow");
        Assert.Equal(StepExecutionStatus.Cancelled, interrupted.Status);
        Assert.Contains("Interrupted by its boundary timer after PT2S", interrupted.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_interrupting_boundary_timer_starts_a_path_beside_the_step_and_never_fires_after_the_step_ended()
    {
        var state = Start(Flow(
            Wait("wait", "end") with { BoundaryEvents = [new BoundaryEvent { Type = "TIMER", Duration = "PT1H", TargetStepId = "remind" }] },
            Service("remind", "end"),
            End()));
        var boundary = Assert.Single(state.Timers.Items);

        Advance(state, new Trigger.TimerFired(boundary.Id));

        Assert.Equal(["remind", "wait"], state.Instance.CurrentStepIds.Order());
        Assert.Equal(2, state.LiveTokens.Count());

        var again = Start(Flow(
            Wait("wait", "end") with { BoundaryEvents = [new BoundaryEvent { Type = "TIMER", Duration = "PT1H", TargetStepId = "remind" }] },
            Service("remind", "end"),
            End()));
        Advance(again, new Trigger.SignalReceived("wait", []));
        Assert.Equal(TimerStatus.Cancelled, again.Timers.Items.Single().Status);
        Advance(again, new Trigger.TimerFired(again.Timers.Items.Single().Id));
        Assert.Equal(InstanceStatus.Completed, again.Instance.Status);
        Assert.Empty(again.Jobs.Items);
    }

    // ---- failures, retry, suspend, cancel ----

    [Fact]
    public void A_failed_instance_is_retried_from_its_failed_step_with_fresh_retries()
    {
        var state = Start(Flow(Service("charge", "end") with { RetryCount = 2 }, End()));
        Advance(state, new Trigger.JobFailed(OpenJob(state).Id, "card declined", Retryable: false));
        Assert.Equal(InstanceStatus.Failed, state.Instance.Status);
        Assert.Equal(["charge"], state.Instance.CurrentStepIds);

        Advance(state, new Trigger.Retry());

        Assert.Equal(InstanceStatus.Active, state.Instance.Status);
        Assert.Null(state.Instance.FailureReason);
        var retried = OpenJob(state);
        Assert.Equal(2, retried.RetriesRemaining);
        Complete(state, "charge");
        Assert.Equal(InstanceStatus.Completed, state.Instance.Status);
    }

    [Fact]
    public void While_failed_other_branches_finish_their_work_but_do_not_complete_the_instance_until_the_retry()
    {
        var state = Start(Flow(Gateway("fork", "meet", "a", "b"), Service("a", "end"), Service("b", "meet"), Join("meet", "end"), End()));
        Advance(state, new Trigger.JobFailed(state.Jobs.Items.Single(j => j.StepId == "b").Id, "broken", Retryable: false));

        Complete(state, "a");

        Assert.Equal(InstanceStatus.Failed, state.Instance.Status);
        Advance(state, new Trigger.Retry());
        Assert.Equal(InstanceStatus.Completed, state.Instance.Status);
    }

    [Fact]
    public void Retrying_an_instance_that_is_not_failed_is_a_conflict()
    {
        var state = Start(Flow(Service("a", "end"), End()));
        Assert.Equal(WeftErrorKind.Conflict, Assert.Throws<WeftException>(() => Advance(state, new Trigger.Retry())).Kind);
    }

    [Fact]
    public void Suspended_instances_hold_new_jobs_and_fire_due_timers_on_resume()
    {
        var state = Start(Flow(
            Service("a", "b") with { BoundaryEvents = [new BoundaryEvent { Type = "TIMER", Duration = "PT1M", TargetStepId = "c" }] },
            Service("b", "end"), Service("c", "end"), End()));
        Advance(state, new Trigger.Suspend());
        Assert.Equal(InstanceStatus.Suspended, state.Instance.Status);
        Assert.True(OpenJob(state).Held);

        _time.Advance(TimeSpan.FromMinutes(2));
        Advance(state, new Trigger.Resume());

        Assert.Equal(InstanceStatus.Active, state.Instance.Status);
        Assert.Equal(["a", "c"], state.Instance.CurrentStepIds.Order());
        Assert.All(state.Jobs.Items.Where(j => j.IsOpen), j => Assert.False(j.Held));
        Assert.Equal(WeftErrorKind.Conflict, Assert.Throws<WeftException>(() => Advance(state, new Trigger.Resume())).Kind);
    }

    [Fact]
    public void A_job_completed_while_suspended_advances_but_its_next_job_is_held()
    {
        var state = Start(Flow(Service("a", "b"), Service("b", "end"), End()));
        Advance(state, new Trigger.Suspend());

        Complete(state, "a");

        Assert.Equal(InstanceStatus.Suspended, state.Instance.Status);
        Assert.True(state.Jobs.Items.Single(j => j.StepId == "b").Held);
    }

    [Fact]
    public void A_job_taken_back_from_a_suspended_instance_stays_held()
    {
        var state = Start(Flow(Service("a", "end") with { RetryCount = 1 }, End()));
        Advance(state, new Trigger.Suspend());

        Advance(state, new Trigger.JobFailed(OpenJob(state).Id, "lease ran out", Retryable: true, LeaseExpired: true));

        var job = OpenJob(state);
        Assert.Equal((JobStatus.Unlocked, true), (job.Status, job.Held));
    }

    [Fact]
    public void Cancel_ends_every_path_and_keeps_the_reason_verbatim()
    {
        var state = Start(Flow(
            Gateway("fork", "meet", "a", "review"),
            Service("a", "meet") with { BoundaryEvents = [new BoundaryEvent { Type = "TIMER", Duration = "PT1H", TargetStepId = "meet" }] },
            new StepDefinition { Id = "review", Type = StepTypes.UserTask, NextStep = "meet" },
            Join("meet", "end"), End()));

        Advance(state, new Trigger.Cancel("customer withdrew"));

        Assert.Equal((InstanceStatus.Cancelled, "customer withdrew"), (state.Instance.Status, state.Instance.FailureReason));
        Assert.Empty(state.LiveTokens);
        Assert.Equal(JobStatus.Cancelled, state.Jobs.Items.Single().Status);
        Assert.Equal(UserTaskStatus.Cancelled, state.UserTasks.Items.Single().Status);
        Assert.Equal(TimerStatus.Cancelled, state.Timers.Items.Single().Status);
        Assert.All(state.Executions.Items.Where(e => e.StepId is "a" or "review"), e => Assert.Equal(StepExecutionStatus.Cancelled, e.Status));
        Assert.Equal(WeftErrorKind.Conflict, Assert.Throws<WeftException>(() => Advance(state, new Trigger.Cancel(null))).Kind);
    }

    // ---- other instances: sub-workflows and chains ----

    [Fact]
    public void A_sub_workflow_step_starts_its_child_with_mapped_variables_and_takes_back_mapped_results()
    {
        var step = new StepDefinition
        {
            Id = "child", Type = StepTypes.SubWorkflow, WorkflowId = "kid", WorkflowVersion = 2, NextStep = "end",
            InputMapping = new() { ["orderId"] = "order.id", ["double"] = "amount * 2" },
            OutputMapping = new() { ["receipt"] = "receiptId" },
        };
        var state = NewState(Flow(step, End()), """{"order": {"id": 7}, "amount": 5, "other": true}""");

        var start = Assert.IsType<FollowUp.StartChild>(Assert.Single(Advance(state, new Trigger.Start()).FollowUps));

        Assert.Equal(("kid", 2), (start.DefinitionId, start.Version));
        Assert.Equal("""{"orderId":7,"double":10}""", start.Variables.ToJsonString());
        Assert.Equal(InstanceStatus.Waiting, state.Instance.Status);

        Advance(state, new Trigger.ChildFinished("kid-1", start.ParentTokenId, InstanceStatus.Completed, Json("""{"receiptId": "r-9", "noise": 1}"""), null));

        Assert.Equal(InstanceStatus.Completed, state.Instance.Status);
        Assert.Equal("r-9", state.Variables["receipt"]!.GetValue<string>());
        Assert.Null(state.Variables["noise"]);
    }

    [Fact]
    public void A_failed_child_fails_the_sub_workflow_step()
    {
        var state = NewState(Flow(new StepDefinition { Id = "child", Type = StepTypes.SubWorkflow, WorkflowId = "kid", NextStep = "end" }, End()));
        var start = (FollowUp.StartChild)Advance(state, new Trigger.Start()).FollowUps[0];

        Advance(state, new Trigger.ChildFinished("kid-1", start.ParentTokenId, InstanceStatus.Failed, [], "Step 'x' failed"));

        Assert.Equal(InstanceStatus.Failed, state.Instance.Status);
        Assert.Equal("Step 'child': sub-workflow instance 'kid-1' failed: Step 'x' failed", state.Instance.FailureReason);
    }

    [Fact]
    public void Cancelling_a_parent_asks_for_its_waiting_children_to_be_cancelled()
    {
        var state = NewState(Flow(new StepDefinition { Id = "child", Type = StepTypes.SubWorkflow, WorkflowId = "kid", NextStep = "end" }, End()));
        Advance(state, new Trigger.Start());

        var cancel = Assert.IsType<FollowUp.CancelChildren>(Assert.Single(Advance(state, new Trigger.Cancel("stop")).FollowUps));

        Assert.Equal(state.Instance.Id, cancel.InstanceId);
        Assert.NotNull(cancel.TokenId);
    }

    [Fact]
    public void A_completed_instance_with_autoStartNextWorkflow_asks_for_the_next_one_with_its_variables()
    {
        var state = NewState(Flow(End()) with { AutoStartNextWorkflow = true, NextWorkflowId = "b" }, """{"x": 1}""");

        var next = Assert.IsType<FollowUp.StartNext>(Assert.Single(Advance(state, new Trigger.Start()).FollowUps));

        Assert.Equal(("b", """{"x":1}"""), (next.DefinitionId, next.Variables.ToJsonString()));
    }

    // ---- helpers ----

    private AdvanceOutcome Advance(InstanceState state, Trigger trigger) => new InstanceAdvancer(_time, _options).Advance(state, trigger);

    private InstanceState NewState(WorkflowDefinition definition, string variables = "{}")
    {
        DefinitionValidator.Validate(definition); // reaches the expressions, as an upload would
        var now = _time.GetUtcNow();
        return new InstanceState(definition with { Version = 1 }, new WorkflowInstance
        {
            Id = Ids.New(), DefinitionId = definition.Id, DefinitionVersion = 1, Status = InstanceStatus.Active,
            Variables = Json(variables), CreatedAt = now, UpdatedAt = now,
        });
    }

    private InstanceState Start(WorkflowDefinition definition, string variables = "{}")
    {
        var state = NewState(definition, variables);
        Advance(state, new Trigger.Start());
        return state;
    }

    private void Complete(InstanceState state, string stepId) =>
        Advance(state, new Trigger.JobCompleted(state.Jobs.Items.Single(j => j.StepId == stepId && j.IsOpen).Id, [], "h"));

    private static Job OpenJob(InstanceState state) => state.Jobs.Items.Single(j => j.IsOpen);

    private static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    private static WorkflowDefinition Flow(params StepDefinition[] steps) => new() { Id = "flow", Steps = steps };

    private static StepDefinition Service(string id, string next) => new() { Id = id, Type = StepTypes.ServiceTask, NextStep = next };

    private static StepDefinition Wait(string id, string next) => new() { Id = id, Type = StepTypes.Wait, NextStep = next };

    private static StepDefinition End(string id = "end") => new() { Id = id, Type = StepTypes.End };

    private static StepDefinition Gateway(string id, string join, params string[] branches) =>
        new() { Id = id, Type = StepTypes.ParallelGateway, ParallelNextSteps = branches, JoinStep = join };

    private static StepDefinition Join(string id, string next) => new() { Id = id, Type = StepTypes.JoinGateway, NextStep = next };

    private static StepDefinition Decide(string id, string? otherwise, params (string Condition, string Target)[] branches) => new()
    {
        Id = id,
        Type = StepTypes.Decision,
        NextStep = otherwise,
        ConditionalNextSteps = new OrderedDictionary<string, string>(branches.Select(b => KeyValuePair.Create(b.Condition, b.Target))),
    };

    private static StepDefinition Transform(string id, string next, params (string Name, JsonNode? Value)[] values) => new()
    {
        Id = id,
        Type = StepTypes.Transformation,
        NextStep = next,
        Transformations = new OrderedDictionary<string, JsonNode?>(values.Select(v => KeyValuePair.Create(v.Name, v.Value))),
    };
}
