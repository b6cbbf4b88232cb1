using System.Text.Json.Nodes;
using Weft.Engine;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;

namespace Weft.Storage.Tests.Conformance;

/// <summary>Two nodes (two store objects and two engines over one database) racing for the same work.</summary>
public abstract partial class StoreConformanceTests
{
    private WeftEngine Node(int i) => i % 2 == 0 ? Engine : SecondEngine;

    [Fact]
    public async Task Two_nodes_polling_at_once_never_hand_out_one_job_twice()
    {
        const int count = 40;
        await DeployAsync(OneStep("orders", Service("a", "end")));
        for (var i = 0; i < count; i++)
        {
            await StartAsync("orders");
        }

        var polls = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var claimed = new List<Job>();
            while (await Node(i).Jobs.PollAsync(new PollCommand($"worker-{i}", ["a"], MaxJobs: 3)) is { Count: > 0 } jobs)
            {
                claimed.AddRange(jobs.Select(j => j.Job));
            }

            return claimed;
        }));
        var claimed = (await Task.WhenAll(polls)).SelectMany(c => c).ToList();

        Assert.Equal(count, claimed.Count);
        Assert.Equal(count, claimed.Select(j => j.Id).Distinct().Count());
        foreach (var job in claimed)
        {
            var stored = await StoredJobAsync(job.Id);
            Assert.Equal((JobStatus.Locked, job.WorkerId, job.LockToken), (stored.Status, stored.WorkerId, stored.LockToken));
        }
    }

    [Fact]
    public async Task A_join_fires_once_when_its_branches_complete_on_two_nodes_at_once()
    {
        var branches = Enumerable.Range(0, 8).Select(i => $"b{i}").ToArray();
        await DeployAsync(Definition("wide", [
            new() { Id = "fork", Type = Weft.Engine.Definitions.StepTypes.ParallelGateway, ParallelNextSteps = branches, JoinStep = "meet" },
            .. branches.Select(b => Service(b, "meet")),
            new() { Id = "meet", Type = Weft.Engine.Definitions.StepTypes.JoinGateway, NextStep = "after" },
            Service("after", "end"),
            End()]));
        var instance = await StartAsync("wide");
        var jobs = new List<Job>();
        foreach (var branch in branches)
        {
            jobs.Add(await PollOneAsync(branch));
        }

        await Task.WhenAll(jobs.Select((j, i) => Task.Run(() => Node(i).Jobs.CompleteAsync(j.Id, Worker, new JsonObject { [j.StepId] = true }))));

        Assert.Equal("after", Assert.Single(await OpenJobsAsync(instance.Id)).StepId);
        Assert.Equal(branches.Length, (await StoredInstanceAsync(instance.Id)).Variables.Count);
        Assert.Single(await Store.GetHistoryAsync(instance.Id), e => e.StepId == "after");
    }

    [Fact]
    public async Task Uploads_of_one_definition_on_two_nodes_at_once_write_each_version_once()
    {
        var first = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => Node(i).Definitions.DeployAsync(Linear()))));
        var second = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => Node(i).Definitions.DeployAsync(Linear() with { Name = "v2" }))));

        Assert.Single(first, r => r.Created);
        Assert.All(first, r => Assert.Equal(1, r.Definition.Version));
        Assert.Single(second, r => r.Created);
        Assert.All(second, r => Assert.Equal(2, r.Definition.Version));
        Assert.Equal("v2", (await Store.GetDefinitionAsync("orders", null))!.Name);
        Assert.Null(await Store.GetDefinitionAsync("orders", 3));
    }

    [Fact]
    public async Task Sweepers_on_two_nodes_take_each_expired_lease_back_once()
    {
        const int count = 12;
        await DeployAsync(OneStep("orders", Service("a", "end") with { RetryCount = 3 }));
        var instances = new List<WorkflowInstance>();
        for (var i = 0; i < count; i++)
        {
            instances.Add(await StartAsync("orders"));
        }

        Assert.Equal(count, (await PollAsync("a", maxJobs: count)).Count);
        Time.Advance(TimeSpan.FromSeconds(31));

        var sweeps = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => Node(i).Jobs.ExpireLeasesAsync())));

        Assert.Equal(count, sweeps.Sum(s => s.Handled));
        Assert.All(sweeps, s => Assert.Empty(s.Failures));
        foreach (var instance in instances)
        {
            var job = await OpenJobAsync(instance.Id);
            Assert.Equal((JobStatus.Unlocked, 2), (job.Status, job.RetriesRemaining));
            var history = await Store.GetHistoryAsync(instance.Id);
            Assert.Equal([(1, StepExecutionStatus.Failed), (2, StepExecutionStatus.Running)], history.Select(e => (e.AttemptNumber, e.Status)));
        }
    }

    [Fact]
    public async Task Timer_sweeps_on_two_nodes_fire_each_timer_once()
    {
        const int count = 10;
        await DeployAsync(Definition("pause", new() { Id = "t", Type = Weft.Engine.Definitions.StepTypes.Timer, Duration = "PT1M", NextStep = "a" }, Service("a", "end"), End()));
        var instances = new List<WorkflowInstance>();
        for (var i = 0; i < count; i++)
        {
            instances.Add(await StartAsync("pause"));
        }

        Time.Advance(TimeSpan.FromMinutes(1));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => Node(i).Timers.FireDueAsync())));

        foreach (var instance in instances)
        {
            Assert.Equal("a", Assert.Single(await OpenJobsAsync(instance.Id)).StepId);
            Assert.Single(await Store.GetHistoryAsync(instance.Id), e => e.StepId == "a");
        }
    }

    [Fact]
    public async Task A_child_finishing_on_one_node_while_its_parent_is_cancelled_on_the_other_ends_in_one_of_them()
    {
        await DeployAsync(OneStep("child", Service("c", "end")));
        await DeployAsync(Definition("parent", new() { Id = "call", Type = Weft.Engine.Definitions.StepTypes.SubWorkflow, WorkflowId = "child", NextStep = "end" }, End()));
        for (var i = 0; i < 20; i++)
        {
            var parent = await StartAsync("parent");
            var job = await PollOneAsync("c");

            var outcomes = await Task.WhenAll(
                OutcomeAsync(() => Node(i).Jobs.CompleteAsync(job.Id, Worker, null)),
                OutcomeAsync(() => Node(i + 1).Instances.CancelAsync(parent.Id, "stop")));

            // Whichever came second is refused as a conflict: never a store error, never both refused.
            Assert.All(outcomes, o => Assert.True(o is null or { Kind: WeftErrorKind.Conflict }, o?.Message));
            Assert.Contains(null, outcomes);
            var status = (await StoredInstanceAsync(parent.Id)).Status;
            Assert.Equal(outcomes[1] is null ? InstanceStatus.Cancelled : InstanceStatus.Completed, status);
        }
    }

    private static async Task<WeftException?> OutcomeAsync(Func<Task> change)
    {
        try
        {
            await Task.Run(change);
            return null;
        }
        catch (WeftException ex)
        {
            return ex;
        }
    }
}
