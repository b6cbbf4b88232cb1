using System.Text.Json.Nodes;
using Weft.Engine;
using Weft.Engine.Definitions;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;
using Weft.Engine.UserTasks;

namespace Weft.Storage.Tests.Conformance;

/// <summary>The step types that wait (user tasks, signals, timers, sub-workflows), gateways and instance operations, through a real store.</summary>
public abstract partial class StoreConformanceTests
{
    private static StepDefinition UserTask(string id, string next, string? assignee = null, params string[] groups) =>
        new() { Id = id, Type = StepTypes.UserTask, NextStep = next, Assignee = assignee, CandidateGroups = groups };

    private static StepDefinition Gateway(string id, string join, params string[] branches) =>
        new() { Id = id, Type = StepTypes.ParallelGateway, ParallelNextSteps = branches, JoinStep = join };

    private static StepDefinition Join(string id, string next) => new() { Id = id, Type = StepTypes.JoinGateway, NextStep = next };

    [Fact]
    public async Task User_tasks_are_listed_by_instance_assignee_group_and_status()
    {
        await DeployAsync(Definition("review", UserTask("check", "end", "ann", "clerks", "managers"), End()));
        var first = await StartAsync("review");
        var second = await StartAsync("review");
        var task = Assert.Single((await Engine.UserTasks.ListAsync(new UserTaskQuery(InstanceId: first.Id))).Items);
        await Engine.UserTasks.CompleteAsync(task.Id, "ann", Json("""{"ok": true}"""));

        Assert.Equal(2, (await Engine.UserTasks.ListAsync(new UserTaskQuery(Assignee: "ann"))).Total);
        Assert.Equal(2, (await Engine.UserTasks.ListAsync(new UserTaskQuery(CandidateGroup: "managers"))).Total);
        Assert.Equal(0, (await Engine.UserTasks.ListAsync(new UserTaskQuery(CandidateGroup: "manager"))).Total);
        var open = Assert.Single((await Engine.UserTasks.ListAsync(new UserTaskQuery(Status: UserTaskStatus.Open))).Items);
        Assert.Equal(second.Id, open.InstanceId);
        var done = await Engine.UserTasks.GetAsync(task.Id);
        Assert.Equal((UserTaskStatus.Completed, "ann"), (done.Status, done.CompletedBy));
        AssertJson("""{"ok": true}""", done.Result);
        Assert.Equal(InstanceStatus.Completed, (await StoredInstanceAsync(first.Id)).Status);
    }

    [Fact]
    public async Task Completing_a_user_task_again_the_same_way_is_a_no_op_and_otherwise_a_conflict()
    {
        await DeployAsync(Definition("review", UserTask("check", "end"), End()));
        var instance = await StartAsync("review");
        await Engine.UserTasks.CompleteAsync(instance.Id, "check", "ann", Json("""{"ok": true}"""));

        await Engine.UserTasks.CompleteAsync(instance.Id, "check", "ann", Json("""{"ok": true}"""));
        await AssertRefusedAsync(WeftErrorKind.Conflict,
            () => Engine.UserTasks.CompleteAsync(instance.Id, "check", "bob", Json("""{"ok": false}""")),
            "is COMPLETED (by 'ann'); only an OPEN task can be completed");

        Assert.Equal(2, (await Store.GetHistoryAsync(instance.Id)).Count);
        Assert.True((await StoredInstanceAsync(instance.Id)).Variables["ok"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Completing_a_user_task_that_was_not_reached_or_of_another_step_type_is_refused()
    {
        await DeployAsync(Definition("review", Service("a", "check"), UserTask("check", "end"), End()));
        var instance = await StartAsync("review");

        await AssertRefusedAsync(WeftErrorKind.Conflict, () => Engine.UserTasks.CompleteAsync(instance.Id, "check", null, null), "has no task at step 'check': the step has not been reached");
        await AssertRefusedAsync(WeftErrorKind.Conflict, () => Engine.UserTasks.CompleteAsync(instance.Id, "a", null, null), "is a SERVICE_TASK, not a USER_TASK");
        await AssertRefusedAsync(WeftErrorKind.NotFound, () => Engine.UserTasks.CompleteAsync(instance.Id, "ghost", null, null), "Step 'ghost' is not a step");
        await AssertRefusedAsync(WeftErrorKind.NotFound, () => Engine.UserTasks.CompleteAsync("nope", "check", null, null), "Instance 'nope' does not exist");
        await AssertRefusedAsync(WeftErrorKind.NotFound, () => Engine.UserTasks.CompleteAsync("nope", null, null), "User task 'nope' does not exist");
    }

    [Fact]
    public async Task A_signal_merges_its_variables_and_moves_the_waiting_step_on()
    {
        await DeployAsync(Definition("settle", new StepDefinition { Id = "wait", Type = StepTypes.Wait, NextStep = "a" }, Service("a", "end"), End()));
        var instance = await StartAsync("settle");
        Assert.Equal(InstanceStatus.Waiting, instance.Status);

        await Engine.Instances.SignalAsync(instance.Id, "wait", Json("""{"settlement": "s-1"}"""));

        var stored = await StoredInstanceAsync(instance.Id);
        Assert.Equal((InstanceStatus.Active, "a"), (stored.Status, stored.CurrentStepIds.Single()));
        Assert.Equal("s-1", stored.Variables["settlement"]!.GetValue<string>());
        await AssertRefusedAsync(WeftErrorKind.Conflict, () => Engine.Instances.SignalAsync(instance.Id, "wait", null), "is not waiting at step 'wait': it is ACTIVE at 'a'");
    }

    [Fact]
    public async Task Timers_fire_once_when_due_by_the_engine_clock_and_survive_a_new_engine()
    {
        await DeployAsync(Definition("pause", new StepDefinition { Id = "t", Type = StepTypes.Timer, Duration = "PT10M", NextStep = "a" }, Service("a", "end"), End()));
        var instance = await StartAsync("pause");
        Time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(0, (await Engine.Timers.FireDueAsync()).Handled);

        Time.Advance(TimeSpan.FromMinutes(1));
        var restarted = new WeftEngine(Store, Time, Options);
        var fired = await Task.WhenAll(restarted.Timers.FireDueAsync(), Engine.Timers.FireDueAsync());

        Assert.Single(await OpenJobsAsync(instance.Id));
        Assert.Equal("a", (await StoredInstanceAsync(instance.Id)).CurrentStepIds.Single());
        Assert.Equal(0, (await Engine.Timers.FireDueAsync()).Handled);
        Assert.InRange(fired.Sum(f => f.Handled), 1, 2); // one fires it; the other finds it fired and changes nothing
        Assert.Equal(2, (await Store.GetHistoryAsync(instance.Id)).Count);
    }

    [Fact]
    public async Task Timers_of_a_suspended_instance_wait_and_fire_on_resume()
    {
        await DeployAsync(Definition("pause", new StepDefinition { Id = "t", Type = StepTypes.Timer, Duration = "PT1M", NextStep = "a" }, Service("a", "end"), End()));
        var instance = await StartAsync("pause");
        await Engine.Instances.SuspendAsync(instance.Id);
        Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Empty(await Store.FindDueTimersAsync(Time.GetUtcNow(), 10));
        await Engine.Instances.ResumeAsync(instance.Id);

        Assert.Equal((InstanceStatus.Active, "a"), ((await StoredInstanceAsync(instance.Id)).Status, (await StoredInstanceAsync(instance.Id)).CurrentStepIds.Single()));
        Assert.Single(await PollAsync("a"));
    }

    [Fact]
    public async Task Jobs_of_a_suspended_instance_are_not_handed_out_until_it_is_resumed()
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders");
        await Engine.Instances.SuspendAsync(instance.Id);

        Assert.Empty(await PollAsync("a"));
        Assert.Equal(InstanceStatus.Suspended, (await StoredInstanceAsync(instance.Id)).Status);
        await Engine.Instances.ResumeAsync(instance.Id);
        Assert.Single(await PollAsync("a"));
    }

    [Fact]
    public async Task A_failed_instance_is_retried_and_its_other_jobs_are_held_meanwhile()
    {
        await DeployAsync(Definition("both", Gateway("fork", "meet", "a", "b"), Service("a", "meet"), Service("b", "meet"), Join("meet", "end"), End()));
        var instance = await StartAsync("both");
        var jobA = await PollOneAsync("a");
        await Engine.Jobs.FailAsync(jobA.Id, Worker, "broken", retryable: false);

        Assert.Equal(InstanceStatus.Failed, (await StoredInstanceAsync(instance.Id)).Status);
        Assert.Empty(await PollAsync("b"));
        await Engine.Instances.RetryAsync(instance.Id);

        await Engine.Jobs.CompleteAsync((await PollOneAsync("a")).Id, Worker, null);
        await Engine.Jobs.CompleteAsync((await PollOneAsync("b")).Id, Worker, null);
        Assert.Equal(InstanceStatus.Completed, (await StoredInstanceAsync(instance.Id)).Status);
    }

    [Fact]
    public async Task A_join_fires_once_when_its_branches_complete_at_the_same_moment()
    {
        var branches = Enumerable.Range(0, 8).Select(i => $"b{i}").ToArray();
        await DeployAsync(Definition("wide", [Gateway("fork", "meet", branches), .. branches.Select(b => Service(b, "meet")), Join("meet", "after"), Service("after", "end"), End()]));
        var instance = await StartAsync("wide");
        var jobs = new List<Job>();
        foreach (var branch in branches)
        {
            jobs.Add(await PollOneAsync(branch));
        }

        await Task.WhenAll(jobs.Select(j => Task.Run(() => Engine.Jobs.CompleteAsync(j.Id, Worker, new JsonObject { [j.StepId] = true }))));

        var after = Assert.Single(await OpenJobsAsync(instance.Id));
        Assert.Equal("after", after.StepId);
        var stored = await StoredInstanceAsync(instance.Id);
        Assert.Equal(branches.Length, stored.Variables.Count);
        Assert.Single(await Store.GetHistoryAsync(instance.Id), e => e.StepId == "after");
    }

    [Fact]
    public async Task A_sub_workflow_runs_its_child_and_the_parent_goes_on_with_its_results()
    {
        await DeployAsync(Definition("child", Service("work", "end"), End()));
        await DeployAsync(Definition("parent", new StepDefinition
        {
            Id = "call", Type = StepTypes.SubWorkflow, WorkflowId = "child", NextStep = "end",
            InputMapping = new() { ["n"] = "amount" }, OutputMapping = new() { ["result"] = "out" },
        }, End()));
        var parent = await StartAsync("parent", """{"amount": 3}""");
        var child = Assert.Single((await Store.ListInstancesAsync(new InstanceQuery("child"))).Items);
        Assert.Equal(parent.Id, child.ParentInstanceId);
        AssertJson("""{"n": 3}""", child.Variables);

        await Engine.Jobs.CompleteAsync((await PollOneAsync("work")).Id, Worker, Json("""{"out": 9}"""));

        Assert.Equal(InstanceStatus.Completed, (await StoredInstanceAsync(child.Id)).Status);
        var done = await StoredInstanceAsync(parent.Id);
        Assert.Equal(InstanceStatus.Completed, done.Status);
        AssertJson("""{"amount": 3, "result": 9}""", done.Variables);
    }

    [Fact]
    public async Task Cancelling_a_parent_cancels_its_child_and_a_failed_child_fails_the_parent()
    {
        await DeployAsync(Definition("child", Service("work", "end"), End()));
        await DeployAsync(Definition("parent", new StepDefinition { Id = "call", Type = StepTypes.SubWorkflow, WorkflowId = "child", NextStep = "end" }, End()));
        var cancelled = await StartAsync("parent");
        var failing = await StartAsync("parent");
        var children = (await Store.ListInstancesAsync(new InstanceQuery("child"))).Items;
        var cancelledChild = children.Single(c => c.ParentInstanceId == cancelled.Id);

        await Engine.Instances.CancelAsync(cancelled.Id, "no longer needed");
        var job = Assert.Single(await PollAsync("work"));
        await Engine.Jobs.FailAsync(job.Job.Id, Worker, "boom", retryable: false);

        var storedChild = await StoredInstanceAsync(cancelledChild.Id);
        Assert.Equal((InstanceStatus.Cancelled, "no longer needed"), (storedChild.Status, storedChild.FailureReason));
        var failed = await StoredInstanceAsync(failing.Id);
        Assert.Equal(InstanceStatus.Failed, failed.Status);
        Assert.Contains("sub-workflow instance", failed.FailureReason, StringComparison.Ordinal);
        Assert.Contains("boom", failed.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_completed_instance_starts_its_next_workflow_with_its_final_variables()
    {
        await DeployAsync(Definition("b", Service("bb", "end"), End()));
        await DeployAsync(Definition("a", Service("aa", "end"), End()) with { AutoStartNextWorkflow = true, NextWorkflowId = "b" });
        await StartAsync("a", """{"x": 1}""", businessKey: "order-9");

        await Engine.Jobs.CompleteAsync((await PollOneAsync("aa")).Id, Worker, Json("""{"y": 2}"""));

        var next = Assert.Single((await Store.ListInstancesAsync(new InstanceQuery("b"))).Items);
        AssertJson("""{"x": 1, "y": 2}""", next.Variables);
        Assert.Equal(("order-9", InstanceStatus.Active), (next.BusinessKey, next.Status));
    }

    [Fact]
    public async Task A_chain_that_starts_itself_without_ever_waiting_is_refused_and_changes_nothing()
    {
        await DeployAsync(Definition("loop", End()) with { AutoStartNextWorkflow = true, NextWorkflowId = "loop" });

        await AssertRefusedAsync(WeftErrorKind.Invalid, () => StartAsync("loop"), "more than 100 instances at once");

        Assert.Equal(0, (await Store.ListInstancesAsync(new InstanceQuery("loop"))).Total);
    }
}
