using System.Net;
using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;
using Weft.Worker.Handlers;
using static Weft.Server.Tests.Scenarios.ScenarioJson;

namespace Weft.Server.Tests.Scenarios;

/// <summary>Parallel gateways and their joins: plain, with a person on a branch, nested, long branches, and wide under load.</summary>
public sealed class ParallelScenarioTests
{
    [Fact]
    public async Task A_parallel_gateway_runs_both_branches_and_the_join_goes_on_once_both_arrived()
    {
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        await api.DeployAsync("""
            { "id": "fan", "steps": [
              { "id": "fork", "type": "PARALLEL_GATEWAY", "parallelNextSteps": ["pack", "invoice"], "joinStep": "meet" },
              { "id": "pack", "type": "SERVICE_TASK", "nextStep": "meet" },
              { "id": "invoice", "type": "SERVICE_TASK", "nextStep": "meet" },
              { "id": "meet", "type": "JOIN_GATEWAY", "nextStep": "ship" },
              { "id": "ship", "type": "SERVICE_TASK", "nextStep": "done" },
              { "id": "done", "type": "END" } ] }
            """);
        var started = await api.StartAsync("fan");
        var id = (string)started["id"]!;
        Assert.Equal("ACTIVE", (string?)started["status"]);
        Assert.Equal(["invoice", "pack"], CurrentSteps(started)); // both jobs exist at once

        scenario.StartWorker(new HandlerRegistry()
            .Register("pack", _ => new JsonObject { ["packed"] = true })
            .Register("invoice", _ => new JsonObject { ["invoiced"] = true })
            .Register("ship", job => new JsonObject { ["shipped"] = job.GetVariable<bool>("packed") && job.GetVariable<bool>("invoiced") }));
        var done = await api.WaitForStatusAsync(id, "COMPLETED");

        Assert.True((bool)done["variables"]!["shipped"]!);
        var history = await api.HistoryAsync(id);
        Assert.Equal(["done", "fork", "invoice", "meet", "meet", "pack", "ship"], Steps(history).Order(StringComparer.Ordinal));
        Assert.Equal("fork", (string?)history[0]["stepId"]);
        Assert.Equal(["ship", "done"], Steps(history)[^2..]);
        Assert.All(history, row => Assert.Equal("COMPLETED", (string?)row["status"]));
    }

    [Fact]
    public async Task A_branch_with_a_user_task_holds_the_join_until_the_person_completes_it()
    {
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        await api.DeployAsync("""
            { "id": "onboarding", "steps": [
              { "id": "fork", "type": "PARALLEL_GATEWAY", "parallelNextSteps": ["create-account", "review"], "joinStep": "meet" },
              { "id": "create-account", "type": "SERVICE_TASK", "nextStep": "meet" },
              { "id": "review", "type": "USER_TASK", "candidateGroups": ["compliance"], "nextStep": "meet" },
              { "id": "meet", "type": "JOIN_GATEWAY", "nextStep": "welcome" },
              { "id": "welcome", "type": "SERVICE_TASK", "nextStep": "done" },
              { "id": "done", "type": "END" } ] }
            """);
        scenario.StartWorker(new HandlerRegistry()
            .Register("create-account", _ => new JsonObject { ["accountId"] = "acc-1" })
            .Register("welcome", job => new JsonObject { ["welcomed"] = job.GetVariable<bool>("cleared") }));

        var id = (string)(await api.StartAsync("onboarding"))["id"]!;
        var waiting = await api.WaitForStatusAsync(id, "WAITING"); // the account is created; only the person is left
        Assert.Equal(["review"], CurrentSteps(waiting));
        Assert.Equal("acc-1", (string?)waiting["variables"]!["accountId"]);
        Assert.Empty(await api.HistoryOfAsync(id, "welcome"));

        var task = Assert.Single(await api.UserTasksAsync($"instanceId={id}&candidateGroup=compliance&status=OPEN"));
        await WeftApi.ExpectAsync(
            await api.CompleteUserTaskByIdAsync((string)task["id"]!, new JsonObject { ["completedBy"] = "cleo", ["result"] = new JsonObject { ["cleared"] = true } }),
            HttpStatusCode.NoContent);
        var done = await api.WaitForStatusAsync(id, "COMPLETED");

        Assert.True((bool)done["variables"]!["welcomed"]!);
        Assert.Single(await api.HistoryOfAsync(id, "welcome"));
    }

    [Fact]
    public async Task A_parallel_gateway_nested_in_a_branch_joins_its_own_branches_before_the_outer_join()
    {
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        await api.DeployAsync("""
            { "id": "nested", "steps": [
              { "id": "outer", "type": "PARALLEL_GATEWAY", "parallelNextSteps": ["inner", "c"], "joinStep": "outer-join" },
              { "id": "inner", "type": "PARALLEL_GATEWAY", "parallelNextSteps": ["a", "b"], "joinStep": "inner-join" },
              { "id": "a", "type": "SERVICE_TASK", "nextStep": "inner-join" },
              { "id": "b", "type": "SERVICE_TASK", "nextStep": "inner-join" },
              { "id": "inner-join", "type": "JOIN_GATEWAY", "nextStep": "d" },
              { "id": "d", "type": "SERVICE_TASK", "nextStep": "outer-join" },
              { "id": "c", "type": "SERVICE_TASK", "nextStep": "outer-join" },
              { "id": "outer-join", "type": "JOIN_GATEWAY", "nextStep": "after" },
              { "id": "after", "type": "SERVICE_TASK", "nextStep": "done" },
              { "id": "done", "type": "END" } ] }
            """);
        var id = (string)(await api.StartAsync("nested"))["id"]!;
        Assert.Equal(["a", "b", "c"], CurrentSteps(await api.InstanceAsync(id)));

        scenario.StartWorker(new HandlerRegistry()
            .Register("a", _ => new JsonObject { ["a"] = 1 })
            .Register("b", _ => new JsonObject { ["b"] = 2 })
            .Register("c", _ => new JsonObject { ["c"] = 3 })
            .Register("d", job => new JsonObject { ["d"] = job.GetVariable<int>("a") + job.GetVariable<int>("b") })
            .Register("after", job => new JsonObject { ["sum"] = job.GetVariable<int>("c") + job.GetVariable<int>("d") }));
        var done = await api.WaitForStatusAsync(id, "COMPLETED");

        Assert.Equal(6, (int)done["variables"]!["sum"]!);
        Assert.Single(await api.HistoryOfAsync(id, "d"));
        Assert.Single(await api.HistoryOfAsync(id, "after"));
        Assert.Equal(2, (await api.HistoryOfAsync(id, "inner-join")).Count);
        Assert.Equal(2, (await api.HistoryOfAsync(id, "outer-join")).Count);
    }

    [Fact]
    public async Task Branches_of_several_steps_each_run_in_order_and_meet_at_the_join()
    {
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        await api.DeployAsync("""
            { "id": "long-branches", "steps": [
              { "id": "fork", "type": "PARALLEL_GATEWAY", "parallelNextSteps": ["a1", "b1"], "joinStep": "meet" },
              { "id": "a1", "type": "SERVICE_TASK", "nextStep": "a2" },
              { "id": "a2", "type": "TRANSFORMATION", "transformations": { "a2": "${a1 + 1}" }, "nextStep": "a3" },
              { "id": "a3", "type": "SERVICE_TASK", "nextStep": "meet" },
              { "id": "b1", "type": "SERVICE_TASK", "nextStep": "b2" },
              { "id": "b2", "type": "SERVICE_TASK", "nextStep": "meet" },
              { "id": "meet", "type": "JOIN_GATEWAY", "nextStep": "after" },
              { "id": "after", "type": "SERVICE_TASK", "nextStep": "done" },
              { "id": "done", "type": "END" } ] }
            """);
        scenario.StartWorker(new HandlerRegistry()
            .Register("a1", _ => new JsonObject { ["a1"] = 10 })
            .Register("a3", job => new JsonObject { ["a3"] = job.GetVariable<int>("a2") * 2 }) // needs a2, so a2 ran first
            .Register("b1", _ => new JsonObject { ["b1"] = "x" })
            .Register("b2", job => new JsonObject { ["b2"] = job.GetVariable<string>("b1") + "y" })
            .Register("after", job => new JsonObject { ["total"] = job.GetVariable<int>("a3") + job.GetVariable<string>("b2").Length }));

        var id = (string)(await api.StartAsync("long-branches"))["id"]!;
        var done = await api.WaitForStatusAsync(id, "COMPLETED");

        Assert.Equal(24, (int)done["variables"]!["total"]!);
        var steps = Steps(await api.HistoryAsync(id));
        Assert.True(steps.IndexOf("a1") < steps.IndexOf("a2") && steps.IndexOf("a2") < steps.IndexOf("a3"), string.Join(",", steps));
        Assert.True(steps.IndexOf("b1") < steps.IndexOf("b2"), string.Join(",", steps));
        Assert.Equal(["after", "done"], steps[^2..]);
        Assert.Single(steps, s => s == "after");
    }

    [Fact]
    public async Task Twenty_instances_of_a_ten_branch_gateway_completing_concurrently_each_pass_their_join_exactly_once()
    {
        const int Branches = 10;
        const int Instances = 20;
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        var branchIds = Enumerable.Range(0, Branches).Select(i => $"leg-{i}").ToList();
        var legs = string.Join(",\n", branchIds.Select(b => $$"""{ "id": "{{b}}", "type": "SERVICE_TASK", "nextStep": "meet" }"""));
        await api.DeployAsync($$"""
            { "id": "wide", "steps": [
              { "id": "fork", "type": "PARALLEL_GATEWAY", "parallelNextSteps": [{{string.Join(", ", branchIds.Select(b => $"\"{b}\""))}}], "joinStep": "meet" },
              {{legs}},
              { "id": "meet", "type": "JOIN_GATEWAY", "nextStep": "after" },
              { "id": "after", "type": "SERVICE_TASK", "nextStep": "done" },
              { "id": "done", "type": "END" } ] }
            """);

        var ids = new List<string>();
        for (var i = 0; i < Instances; i++)
        {
            ids.Add((string)(await api.StartAsync("wide", new JsonObject { ["n"] = i }))["id"]!);
        }

        var registry = new HandlerRegistry();
        foreach (var branch in branchIds)
        {
            registry.Register(branch, async (job, _) =>
            {
                await Task.Yield();
                return new JsonObject { [branch] = job.Variables["n"]!.DeepClone() };
            });
        }

        registry.Register("after", job => new JsonObject { ["legsSeen"] = branchIds.Count(b => job.Variables.ContainsKey(b)) });
        scenario.StartWorker(registry, parallelism: 16);

        await Eventually.ReturnsAsync(
            () => api.ListInstancesAsync("definitionId=wide&status=COMPLETED&pageSize=100"),
            page => (int)page["total"]! == Instances,
            $"all {Instances} instances to complete");

        for (var i = 0; i < Instances; i++)
        {
            var instance = await api.InstanceAsync(ids[i]);
            Assert.Equal(Branches, (int)instance["variables"]!["legsSeen"]!);
            Assert.All(branchIds, b => Assert.Equal(i, (int)instance["variables"]![b]!));
            var history = await api.HistoryAsync(ids[i]);
            Assert.Single(history, row => (string?)row["stepId"] == "after");
            Assert.Single(history, row => (string?)row["stepId"] == "done");
            Assert.Equal(Branches, history.Count(row => (string?)row["stepId"] == "meet"));
            Assert.All(history, row => Assert.Equal("COMPLETED", (string?)row["status"]));
        }
    }
}
