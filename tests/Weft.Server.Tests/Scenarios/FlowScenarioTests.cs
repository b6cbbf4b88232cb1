using System.Text.Json.Nodes;
using Weft.Worker.Handlers;
using static Weft.Server.Tests.Scenarios.ScenarioJson;

namespace Weft.Server.Tests.Scenarios;

/// <summary>Instances that move through service tasks, decisions, loops and transformations, run by a real worker.</summary>
public sealed class FlowScenarioTests
{
    [Fact]
    public async Task A_linear_workflow_runs_its_service_tasks_in_order_and_merges_each_output()
    {
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        await api.DeployAsync("""
            { "id": "linear", "steps": [
              { "id": "reserve", "type": "SERVICE_TASK", "jobType": "reserve-stock", "nextStep": "charge" },
              { "id": "charge", "type": "SERVICE_TASK", "jobType": "charge-card", "nextStep": "done" },
              { "id": "done", "type": "END" } ] }
            """);

        var started = await api.StartAsync("linear", new JsonObject { ["quantity"] = 3, ["orderId"] = "o-1" }, "order-1");
        Assert.Equal("ACTIVE", (string?)started["status"]);
        Assert.Equal(["reserve"], CurrentSteps(started));

        scenario.StartWorker(new HandlerRegistry()
            .Register("reserve-stock", job => new JsonObject { ["reserved"] = job.GetVariable<int>("quantity") })
            .Register("charge-card", job => new JsonObject { ["charged"] = job.GetVariable<int>("reserved") * 10, ["quantity"] = 0 }));
        var id = (string)started["id"]!;
        var done = await api.WaitForStatusAsync(id, "COMPLETED");

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"quantity":0,"orderId":"o-1","reserved":3,"charged":30}"""), Variables(done)), done.ToJsonString());
        Assert.Equal("order-1", (string?)done["businessKey"]);
        Assert.Equal(["done"], CurrentSteps(done));
        Assert.NotNull(done["completedAt"]);
        Assert.Null(done["failureReason"]);

        var history = await api.HistoryAsync(id);
        Assert.Equal(["reserve", "charge", "done"], Steps(history));
        Assert.Equal(["SERVICE_TASK", "SERVICE_TASK", "END"], Column(history, "stepType"));
        Assert.All(history, row => Assert.Equal("COMPLETED", (string?)row["status"]));
        Assert.All(history, row => Assert.Equal(1, (int)row["attemptNumber"]!));
        Assert.Equal(3, (int)history[0]["output"]!["reserved"]!);
        Assert.Equal(3, (int)history[1]["input"]!["reserved"]!); // the second step saw the first one's output
        Assert.Equal(30, (int)history[1]["output"]!["charged"]!);
    }

    [Fact]
    public async Task A_decision_takes_the_first_condition_that_holds_and_otherwise_its_nextStep()
    {
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        await api.DeployAsync("""
            { "id": "routing", "steps": [
              { "id": "prepare", "type": "SERVICE_TASK", "nextStep": "route" },
              { "id": "route", "type": "DECISION",
                "conditionalNextSteps": { "amount > 1000 && customer.tier != 'gold'": "manual", "amount > 0": "auto" },
                "nextStep": "reject" },
              { "id": "manual", "type": "SERVICE_TASK", "nextStep": "done" },
              { "id": "auto", "type": "SERVICE_TASK", "nextStep": "done" },
              { "id": "reject", "type": "SERVICE_TASK", "nextStep": "done" },
              { "id": "done", "type": "END" } ] }
            """);
        scenario.StartWorker(new HandlerRegistry()
            .Register("prepare", _ => new JsonObject { ["prepared"] = true })
            .Register("manual", _ => new JsonObject { ["route"] = "manual" })
            .Register("auto", _ => new JsonObject { ["route"] = "auto" })
            .Register("reject", _ => new JsonObject { ["route"] = "reject" }));

        // 5000 and silver holds both conditions: the first one written wins.
        var silver = await api.StartAsync("routing", JsonNode.Parse("""{"amount": 5000, "customer": {"tier": "silver"}}""")!.AsObject());
        var gold = await api.StartAsync("routing", JsonNode.Parse("""{"amount": 5000, "customer": {"tier": "gold"}}""")!.AsObject());
        var nothing = await api.StartAsync("routing", JsonNode.Parse("""{"amount": 0}""")!.AsObject());

        foreach (var (instance, expected) in new[] { (silver, "manual"), (gold, "auto"), (nothing, "reject") })
        {
            var id = (string)instance["id"]!;
            var done = await api.WaitForStatusAsync(id, "COMPLETED");
            Assert.Equal(expected, (string?)done["variables"]!["route"]);
            Assert.Equal(["prepare", "route", expected, "done"], Steps(await api.HistoryAsync(id)));
        }
    }

    [Fact]
    public async Task A_decision_with_no_true_condition_and_no_nextStep_fails_the_instance_with_DecisionNoBranchMatched()
    {
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        await api.DeployAsync("""
            { "id": "no-branch", "steps": [
              { "id": "prepare", "type": "SERVICE_TASK", "nextStep": "route" },
              { "id": "route", "type": "DECISION", "conditionalNextSteps": { "amount > 1000": "big", "amount > 0": "small" } },
              { "id": "big", "type": "SERVICE_TASK", "nextStep": "done" },
              { "id": "small", "type": "SERVICE_TASK", "nextStep": "done" },
              { "id": "done", "type": "END" } ] }
            """);
        scenario.StartWorker(new HandlerRegistry()
            .Register("prepare", _ => new JsonObject { ["amount"] = -5 })
            .Register("big", _ => null)
            .Register("small", _ => null));

        var id = (string)(await api.StartAsync("no-branch", new JsonObject { ["amount"] = 50 }))["id"]!;
        var failed = await api.WaitForStatusAsync(id, "FAILED");

        var reason = (string)failed["failureReason"]!;
        Assert.StartsWith("DecisionNoBranchMatched: no condition of step 'route' is true", reason, StringComparison.Ordinal);
        Assert.Contains("amount > 1000; amount > 0", reason, StringComparison.Ordinal);
        Assert.Equal(["route"], CurrentSteps(failed));
        var history = await api.HistoryAsync(id);
        Assert.Equal(["prepare", "route"], Steps(history));
        Assert.Equal("FAILED", (string?)history[1]["status"]);
        Assert.Equal(reason, (string?)history[1]["failureReason"]);
    }

    [Fact]
    public async Task A_decision_that_leads_back_to_an_earlier_service_task_loops_until_its_condition_turns_false()
    {
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        await api.DeployAsync("""
            { "id": "rounds", "steps": [
              { "id": "work", "type": "SERVICE_TASK", "jobType": "round", "nextStep": "check" },
              { "id": "check", "type": "DECISION", "conditionalNextSteps": { "round < 4": "work" }, "nextStep": "done" },
              { "id": "done", "type": "END" } ] }
            """);
        scenario.StartWorker(new HandlerRegistry().Register("round", job =>
        {
            var round = job.GetVariable("round", 0) + 1;
            var seen = job.GetVariable<JsonArray>("seen", []);
            seen.Add(round);
            return new JsonObject { ["round"] = round, ["seen"] = seen.DeepClone() };
        }));

        var id = (string)(await api.StartAsync("rounds"))["id"]!;
        var done = await api.WaitForStatusAsync(id, "COMPLETED");

        Assert.Equal(4, (int)done["variables"]!["round"]!);
        Assert.Equal("[1,2,3,4]", done["variables"]!["seen"]!.ToJsonString());
        var history = await api.HistoryAsync(id);
        Assert.Equal(["work", "check", "work", "check", "work", "check", "work", "check", "done"], Steps(history));
        var work = history.Where(row => (string?)row["stepId"] == "work").ToList();
        Assert.All(work, row => Assert.Equal(1, (int)row["attemptNumber"]!)); // each round is a new entry, not a retry
        Assert.Equal([null, 1, 2, 3], work.Select(row => (int?)row["input"]!["round"]));
    }

    [Fact]
    public async Task A_transformation_sets_literals_of_every_JSON_type_and_expression_values_from_the_variables_as_they_were()
    {
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        await api.DeployAsync("""
            { "id": "pricing", "steps": [
              { "id": "price", "type": "TRANSFORMATION",
                "transformations": {
                  "text": "web",
                  "dollars": "cost: $5",
                  "whole": 42,
                  "fraction": 1.5,
                  "yes": true,
                  "no": false,
                  "nothing": null,
                  "list": [1, "x", { "k": [true] }],
                  "object": { "nested": { "n": 1 }, "empty": [] },
                  "total": "${price * quantity}",
                  "big": "${quantity > 3}",
                  "copy": "${customer}",
                  "count": "${len(items)}",
                  "label": "Order ${orderId}: ${items}",
                  "missing": "${missing}",
                  "price": "${price * 2}",
                  "oldPrice": "${price}"
                },
                "nextStep": "use" },
              { "id": "use", "type": "SERVICE_TASK", "nextStep": "done" },
              { "id": "done", "type": "END" } ] }
            """);
        JsonObject? seenByWorker = null;
        scenario.StartWorker(new HandlerRegistry().Register("use", job =>
        {
            seenByWorker = (JsonObject)job.Variables.DeepClone();
            return null;
        }));

        var id = (string)(await api.StartAsync("pricing", JsonNode.Parse("""
            {"price": 2.5, "quantity": 4, "orderId": 7, "customer": {"name": "ann", "tier": "gold"}, "items": ["a", "b"]}
            """)!.AsObject()))["id"]!;
        var done = await api.WaitForStatusAsync(id, "COMPLETED");

        var v = Variables(done);
        Assert.Equal("web", (string?)v["text"]);
        Assert.Equal("cost: $5", (string?)v["dollars"]);
        Assert.Equal(42, (long)v["whole"]!);
        Assert.Equal(1.5, (double)v["fraction"]!);
        Assert.True((bool)v["yes"]!);
        Assert.False((bool)v["no"]!);
        Assert.True(v.ContainsKey("nothing"));
        Assert.Null(v["nothing"]);
        Assert.Equal("""[1,"x",{"k":[true]}]""", v["list"]!.ToJsonString());
        Assert.Equal("""{"nested":{"n":1},"empty":[]}""", v["object"]!.ToJsonString());
        Assert.Equal(10.0, (double)v["total"]!);
        Assert.True((bool)v["big"]!);
        Assert.Equal("""{"name":"ann","tier":"gold"}""", v["copy"]!.ToJsonString());
        Assert.Equal(2, (long)v["count"]!);
        Assert.Equal("""Order 7: ["a","b"]""", (string?)v["label"]);
        Assert.True(v.ContainsKey("missing"));
        Assert.Null(v["missing"]);
        Assert.Equal(5.0, (double)v["price"]!);
        Assert.Equal(2.5, (double)v["oldPrice"]!); // computed from the variables as they were on entry
        Assert.Equal(4, (long)v["quantity"]!); // untouched keys stay

        Assert.NotNull(seenByWorker);
        Assert.True(JsonNode.DeepEquals(v, seenByWorker), $"{v.ToJsonString()} vs {seenByWorker!.ToJsonString()}");
        var row = (await api.HistoryOfAsync(id, "price")).Single();
        Assert.Equal("TRANSFORMATION", (string?)row["stepType"]);
        Assert.Equal(2.5, (double)row["input"]!["price"]!);
        Assert.Equal(5.0, (double)row["output"]!["price"]!);
    }

    [Fact]
    public async Task A_definition_that_loops_through_automatic_steps_forever_fails_its_instance_with_a_clear_reason()
    {
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        await api.DeployAsync("""
            { "id": "forever", "steps": [
              { "id": "prepare", "type": "SERVICE_TASK", "nextStep": "bump" },
              { "id": "bump", "type": "TRANSFORMATION", "transformations": { "n": "${n + 1}" }, "nextStep": "spin" },
              { "id": "spin", "type": "DECISION", "conditionalNextSteps": { "n > 0": "bump" }, "nextStep": "done" },
              { "id": "done", "type": "END" } ] }
            """);
        scenario.StartWorker(new HandlerRegistry().Register("prepare", _ => new JsonObject { ["n"] = 0 }));

        var id = (string)(await api.StartAsync("forever"))["id"]!;
        var failed = await api.WaitForStatusAsync(id, "FAILED");

        Assert.Equal(
            "The instance went through 1000 steps without waiting for anything (it was entering step 'bump'). A DECISION probably loops forever; check its conditions.",
            (string?)failed["failureReason"]);

        // Nothing spins on: the failure is final, and the history stops at the budget.
        var history = await api.HistoryAsync(id);
        Assert.InRange(history.Count, 1000, 1002);
        Assert.Empty(await api.PollAsync("anyone", "prepare"));
        Assert.Equal(0, await scenario.FireTimersAsync());
        var later = await api.InstanceAsync(id);
        Assert.Equal("FAILED", (string?)later["status"]);
        Assert.Equal((string?)failed["updatedAt"], (string?)later["updatedAt"]);
        Assert.Equal(history.Count, (await api.HistoryAsync(id)).Count);
    }
}
