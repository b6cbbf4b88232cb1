using System.Net;
using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;
using Weft.Worker.Handlers;
using static Weft.Server.Tests.Scenarios.ScenarioJson;

namespace Weft.Server.Tests.Scenarios;

/// <summary>Instances that wait for people (user tasks) and for signals.</summary>
public sealed class UserTaskAndSignalScenarioTests
{
    private const string Approval = """
        { "id": "approval", "steps": [
          { "id": "approve", "name": "Approve the loan", "type": "USER_TASK", "assignee": "ann", "candidateGroups": ["credit", "risk"], "nextStep": "sign" },
          { "id": "sign", "type": "USER_TASK", "candidateGroup": "legal", "nextStep": "book" },
          { "id": "book", "type": "SERVICE_TASK", "nextStep": "done" },
          { "id": "done", "type": "END" } ] }
        """;

    private const string Settlement = """
        { "id": "settlement", "steps": [
          { "id": "charge", "type": "SERVICE_TASK", "nextStep": "await-settlement" },
          { "id": "await-settlement", "type": "WAIT", "nextStep": "book" },
          { "id": "book", "type": "SERVICE_TASK", "nextStep": "done" },
          { "id": "done", "type": "END" } ] }
        """;

    [Fact]
    public async Task User_tasks_are_listed_by_filters_completed_in_either_body_shape_and_a_repeated_completion_is_a_no_op()
    {
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        await api.DeployAsync(Approval);
        scenario.StartWorker(new HandlerRegistry().Register("book", job => new JsonObject { ["booked"] = job.GetVariable<bool>("signed") }));
        var first = (string)(await api.StartAsync("approval", new JsonObject { ["amount"] = 500 }))["id"]!;
        var second = (string)(await api.StartAsync("approval", new JsonObject { ["amount"] = 900 }))["id"]!;
        Assert.Equal("WAITING", await api.StatusAsync(first));

        // The filters.
        var mine = Assert.Single(await api.UserTasksAsync($"instanceId={first}"));
        Assert.Equal("approve", (string?)mine["stepId"]);
        Assert.Equal("Approve the loan", (string?)mine["name"]);
        Assert.Equal("OPEN", (string?)mine["status"]);
        Assert.Equal("ann", (string?)mine["assignee"]);
        Assert.Equal(["credit", "risk"], Strings(mine["candidateGroups"]));
        Assert.Equal(2, (await api.UserTasksAsync("assignee=ann&status=OPEN")).Count);
        Assert.Equal(2, (await api.UserTasksAsync("candidateGroup=risk")).Count);
        Assert.Empty(await api.UserTasksAsync("assignee=bob"));
        Assert.Empty(await api.UserTasksAsync("candidateGroup=legal"));
        Assert.Empty(await api.UserTasksAsync("status=COMPLETED"));
        Assert.Equal([second], Column(await api.UserTasksAsync($"instanceId={second}&assignee=ann&candidateGroup=credit&status=OPEN"), "instanceId"));

        // {completedBy, result} on the instance's step; the same again is a 204 that changes nothing.
        var approval = new JsonObject { ["completedBy"] = "ann", ["result"] = new JsonObject { ["approved"] = true } };
        await WeftApi.ExpectAsync(await api.CompleteUserTaskAsync(first, "approve", approval), HttpStatusCode.NoContent);
        var afterFirst = await api.InstanceAsync(first);
        var historyAfterFirst = (await api.HistoryAsync(first)).Count;
        await WeftApi.ExpectAsync(await api.CompleteUserTaskAsync(first, "approve", (JsonObject)approval.DeepClone()), HttpStatusCode.NoContent);
        Assert.Equal(afterFirst.ToJsonString(), (await api.InstanceAsync(first)).ToJsonString());
        Assert.Equal(historyAfterFirst, (await api.HistoryAsync(first)).Count);

        // A different second completion is refused and says who completed it.
        var other = new JsonObject { ["completedBy"] = "bob", ["result"] = new JsonObject { ["approved"] = false } };
        await ProblemAssert.IsProblemAsync(await api.CompleteUserTaskAsync(first, "approve", other), 409, "is COMPLETED (by 'ann')");
        Assert.True((bool)(await api.InstanceAsync(first))["variables"]!["approved"]!);

        var completed = Assert.Single(await api.UserTasksAsync("status=COMPLETED"));
        Assert.Equal(first, (string?)completed["instanceId"]);
        Assert.Equal("ann", (string?)completed["completedBy"]);
        Assert.Equal("""{"approved":true}""", completed["result"]!.ToJsonString());

        // The next task, {workerId, variables} by the task's id.
        var signTask = Assert.Single(await api.UserTasksAsync("candidateGroup=legal&status=OPEN"));
        Assert.Equal(first, (string?)signTask["instanceId"]);
        var taskId = (string)signTask["id"]!;
        var signature = new JsonObject { ["workerId"] = "clerk-7", ["variables"] = new JsonObject { ["signed"] = true } };
        await WeftApi.ExpectAsync(await api.CompleteUserTaskByIdAsync(taskId, signature), HttpStatusCode.NoContent);
        var done = await api.WaitForStatusAsync(first, "COMPLETED");
        await WeftApi.ExpectAsync(await api.CompleteUserTaskByIdAsync(taskId, (JsonObject)signature.DeepClone()), HttpStatusCode.NoContent);
        var unsigned = new JsonObject { ["workerId"] = "clerk-7", ["variables"] = new JsonObject { ["signed"] = false } };
        await ProblemAssert.IsProblemAsync(await api.CompleteUserTaskByIdAsync(taskId, unsigned), 409, "is COMPLETED (by 'clerk-7')");

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"amount":500,"approved":true,"signed":true,"booked":true}"""), Variables(done)), done.ToJsonString());
        var history = await api.HistoryAsync(first);
        Assert.Equal(["approve", "sign", "book", "done"], Steps(history));
        Assert.Equal("""{"approved":true}""", history[0]["output"]!.ToJsonString());

        // The other instance is untouched: its task is still open.
        Assert.Equal("OPEN", (string?)Assert.Single(await api.UserTasksAsync($"instanceId={second}"))["status"]);
        Assert.Equal("WAITING", await api.StatusAsync(second));
    }

    [Fact]
    public async Task A_signal_to_a_waiting_step_merges_its_body_into_the_variables_and_the_instance_goes_on()
    {
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        await api.DeployAsync(Settlement);
        scenario.StartWorker(new HandlerRegistry()
            .Register("charge", _ => new JsonObject { ["charged"] = true })
            .Register("book", job => new JsonObject { ["booked"] = job.GetVariable<string>("settlementId") }));

        var id = (string)(await api.StartAsync("settlement", new JsonObject { ["orderId"] = 1, ["amount"] = 5 }))["id"]!;
        var waiting = await api.WaitForStatusAsync(id, "WAITING");
        Assert.Equal(["await-settlement"], CurrentSteps(waiting));

        await api.SignalAsync(id, "await-settlement", JsonNode.Parse("""{"settlementId": "s-9", "amount": 7, "fees": {"bank": 0.5}}""")!.AsObject());
        var done = await api.WaitForStatusAsync(id, "COMPLETED");

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"orderId":1,"amount":7,"charged":true,"settlementId":"s-9","fees":{"bank":0.5},"booked":"s-9"}"""),
            Variables(done)), done.ToJsonString());
        var wait = (await api.HistoryOfAsync(id, "await-settlement")).Single();
        Assert.Equal("WAIT", (string?)wait["stepType"]);
        Assert.Equal("COMPLETED", (string?)wait["status"]);
        Assert.Equal("""{"settlementId":"s-9","amount":7,"fees":{"bank":0.5}}""", wait["output"]!.ToJsonString());
    }

    [Fact]
    public async Task A_signal_to_a_step_the_instance_is_not_waiting_at_is_a_409_that_says_what_the_instance_is_doing()
    {
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        await api.DeployAsync(Settlement);
        var id = (string)(await api.StartAsync("settlement"))["id"]!;

        // Still at the service task: nobody has taken the charge job.
        await ProblemAssert.IsProblemAsync(
            await api.PostAsync($"/v1/instances/{id}/signals/await-settlement", new JsonObject { ["early"] = true }), 409,
            $"Instance '{id}' is not waiting at step 'await-settlement': it is ACTIVE at 'charge'.");
        await ProblemAssert.IsProblemAsync(
            await api.PostAsync($"/v1/instances/{id}/signals/charge"), 409, "Step 'charge' is a SERVICE_TASK, not a WAIT step");
        Assert.False((await api.InstanceAsync(id))["variables"]!.AsObject().ContainsKey("early"));

        var job = Assert.Single(await api.PollAsync("w", "charge"));
        await WeftApi.ExpectAsync(await api.CompleteJobAsync((string)job["id"]!, "w"), HttpStatusCode.NoContent);
        await api.SignalAsync(id, "await-settlement");
        var book = Assert.Single(await api.PollAsync("w", "book"));
        await WeftApi.ExpectAsync(await api.CompleteJobAsync((string)book["id"]!, "w"), HttpStatusCode.NoContent);
        Assert.Equal("COMPLETED", await api.StatusAsync(id));

        await ProblemAssert.IsProblemAsync(
            await api.PostAsync($"/v1/instances/{id}/signals/await-settlement"), 409,
            $"Instance '{id}' is not waiting at step 'await-settlement': it is COMPLETED.");
    }
}
