using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;
using Weft.Worker.Handlers;
using static Weft.Server.Tests.Scenarios.ScenarioJson;

namespace Weft.Server.Tests.Scenarios;

/// <summary>Instances that start other instances: chains and sub-workflows; and finding instances by business key.</summary>
public sealed class CompositionScenarioTests
{
    [Fact]
    public async Task A_completed_instance_with_autoStartNextWorkflow_starts_the_next_one_with_its_final_variables_and_business_key()
    {
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        await api.DeployAsync("""
            { "id": "chain-a", "autoStartNextWorkflow": true, "nextWorkflowId": "chain-b", "steps": [
              { "id": "a-work", "type": "SERVICE_TASK", "nextStep": "done" },
              { "id": "done", "type": "END" } ] }
            """);
        await api.DeployAsync("""
            { "id": "chain-b", "steps": [
              { "id": "b-work", "type": "SERVICE_TASK", "nextStep": "done" },
              { "id": "done", "type": "END" } ] }
            """);
        scenario.StartWorker(new HandlerRegistry()
            .Register("a-work", job => new JsonObject { ["fromA"] = job.GetVariable<int>("x") + 1 })
            .Register("b-work", job => new JsonObject { ["fromB"] = job.GetVariable<int>("fromA") * 10 }));

        var a = (string)(await api.StartAsync("chain-a", new JsonObject { ["x"] = 1 }, "order-9"))["id"]!;
        var finishedA = await api.WaitForStatusAsync(a, "COMPLETED");

        var page = await Eventually.ReturnsAsync(
            () => api.ListInstancesAsync("definitionId=chain-b&businessKey=order-9"), p => (int)p["total"]! == 1, "chain-b to start");
        var b = (string)page["items"]![0]!["id"]!;
        Assert.NotEqual(a, b);
        var finishedB = await api.WaitForStatusAsync(b, "COMPLETED");

        Assert.Equal("order-9", (string?)finishedB["businessKey"]);
        Assert.True(JsonNode.DeepEquals(Variables(finishedA), (await api.HistoryOfAsync(b, "b-work")).Single()["input"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"x":1,"fromA":2,"fromB":20}"""), Variables(finishedB)), finishedB.ToJsonString());
        Assert.Null(finishedB["parentInstanceId"]); // a chain is not a sub-workflow
        Assert.Equal(1, (int)(await api.ListInstancesAsync("definitionId=chain-b"))["total"]!); // started once
    }

    [Fact]
    public async Task A_sub_workflow_gets_its_input_mapping_and_brings_back_only_its_output_mapping()
    {
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        await api.DeployAsync("""
            { "id": "order", "steps": [
              { "id": "prepare", "type": "SERVICE_TASK", "nextStep": "ship" },
              { "id": "ship", "type": "SUB_WORKFLOW", "workflowId": "shipping",
                "inputMapping": { "address": "customer.address", "count": "len(items)" },
                "outputMapping": { "trackingId": "tracking.id", "carrier": "upper(tracking.carrier)" },
                "nextStep": "notify" },
              { "id": "notify", "type": "SERVICE_TASK", "nextStep": "done" },
              { "id": "done", "type": "END" } ] }
            """);
        await api.DeployAsync("""
            { "id": "shipping", "steps": [
              { "id": "label", "type": "SERVICE_TASK", "nextStep": "done" },
              { "id": "done", "type": "END" } ] }
            """); // uploaded after its parent, which is allowed
        scenario.StartWorker(new HandlerRegistry()
            .Register("prepare", _ => new JsonObject { ["items"] = new JsonArray("a", "b", "c") })
            .Register("label", job => new JsonObject
            {
                ["tracking"] = new JsonObject { ["id"] = $"T-{job.GetVariable<int>("count")}-{job.GetVariable<string>("address")}", ["carrier"] = "dhl" },
                ["internal"] = "child only",
            })
            .Register("notify", job => new JsonObject { ["notified"] = job.GetVariable<string>("trackingId") }));

        var parent = (string)(await api.StartAsync("order", JsonNode.Parse("""{"customer": {"name": "ann", "address": "Main St 1"}, "secret": 42}""")!.AsObject(), "order-1"))["id"]!;
        var done = await api.WaitForStatusAsync(parent, "COMPLETED");

        var children = (await api.ListInstancesAsync("definitionId=shipping"))["items"]!.AsArray();
        var child = Assert.Single(children)!.AsObject();
        Assert.Equal(parent, (string?)child["parentInstanceId"]);
        Assert.Equal("COMPLETED", (string?)child["status"]);
        Assert.Equal("order-1", (string?)child["businessKey"]);
        var childId = (string)child["id"]!;
        Assert.Equal("""{"address":"Main St 1","count":3}""", (await api.HistoryOfAsync(childId, "label")).Single()["input"]!.ToJsonString());

        var variables = Variables(done);
        Assert.Equal("T-3-Main St 1", (string?)variables["trackingId"]);
        Assert.Equal("DHL", (string?)variables["carrier"]);
        Assert.Equal("T-3-Main St 1", (string?)variables["notified"]);
        Assert.False(variables.ContainsKey("tracking"));
        Assert.False(variables.ContainsKey("internal"));
        Assert.Equal(42, (int)variables["secret"]!);
        var ship = (await api.HistoryOfAsync(parent, "ship")).Single();
        Assert.Equal("SUB_WORKFLOW", (string?)ship["stepType"]);
        Assert.Equal("""{"trackingId":"T-3-Main St 1","carrier":"DHL"}""", ship["output"]!.ToJsonString());
    }

    [Fact]
    public async Task Cancelling_a_parent_cancels_its_sub_workflow_instance_and_the_job_it_waits_on()
    {
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        await api.DeployAsync("""
            { "id": "shipping", "steps": [
              { "id": "label", "type": "SERVICE_TASK", "nextStep": "done" },
              { "id": "done", "type": "END" } ] }
            """);
        await api.DeployAsync("""
            { "id": "order", "steps": [
              { "id": "ship", "type": "SUB_WORKFLOW", "workflowId": "shipping", "nextStep": "done" },
              { "id": "done", "type": "END" } ] }
            """);
        var parent = (string)(await api.StartAsync("order"))["id"]!;
        Assert.Equal("WAITING", await api.StatusAsync(parent));
        var childId = (string)(await api.ListInstancesAsync("definitionId=shipping"))["items"]![0]!["id"]!;
        var held = Assert.Single(await api.PollAsync("labeller", "label", leaseSeconds: 600));
        Assert.Equal(childId, (string?)held["instanceId"]);

        var cancelled = await api.CancelAsync(parent, "order withdrawn");

        Assert.Equal("CANCELLED", (string?)cancelled["status"]);
        Assert.Equal("order withdrawn", (string?)cancelled["failureReason"]);
        var child = await api.InstanceAsync(childId);
        Assert.Equal("CANCELLED", (string?)child["status"]);
        Assert.Equal(parent, (string?)child["parentInstanceId"]);
        Assert.Contains("order withdrawn", (string?)child["failureReason"], StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(await api.CompleteJobAsync((string)held["id"]!, "labeller"), 409, "was cancelled");
        Assert.Empty(await api.PollAsync("labeller", "label"));
        Assert.Equal("CANCELLED", (string?)(await api.HistoryOfAsync(childId, "label")).Single()["status"]);
        Assert.Equal("CANCELLED", (string?)(await api.HistoryOfAsync(parent, "ship")).Single()["status"]);
    }

    [Fact]
    public async Task Instances_are_found_by_their_business_key_alone_or_with_other_filters()
    {
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        await api.DeployAsync("""
            { "id": "quote", "steps": [ { "id": "price", "type": "SERVICE_TASK", "nextStep": "done" }, { "id": "done", "type": "END" } ] }
            """);
        await api.DeployAsync("""
            { "id": "invoice", "steps": [ { "id": "bill", "type": "USER_TASK", "nextStep": "done" }, { "id": "done", "type": "END" } ] }
            """);
        var quote1 = (string)(await api.StartAsync("quote", businessKey: "customer-1"))["id"]!;
        var quote2 = (string)(await api.StartAsync("quote", businessKey: "customer-2"))["id"]!;
        var invoice1 = (string)(await api.StartAsync("invoice", businessKey: "customer-1"))["id"]!;
        await api.StartAsync("quote");
        scenario.StartWorker(new HandlerRegistry().Register("price", _ => new JsonObject { ["price"] = 10 }));
        await api.WaitForStatusAsync(quote1, "COMPLETED");
        await api.WaitForStatusAsync(quote2, "COMPLETED");

        static List<string> Ids(JsonObject page) => [.. page["items"]!.AsArray().Select(i => (string)i!["id"]!).Order(StringComparer.Ordinal)];
        Assert.Equal(new[] { quote1, invoice1 }.Order(StringComparer.Ordinal), Ids(await api.ListInstancesAsync("businessKey=customer-1")));
        Assert.Equal([quote2], Ids(await api.ListInstancesAsync("businessKey=customer-2")));
        Assert.Equal([invoice1], Ids(await api.ListInstancesAsync("businessKey=customer-1&definitionId=invoice")));
        Assert.Equal([quote1], Ids(await api.ListInstancesAsync("businessKey=customer-1&status=COMPLETED")));
        Assert.Equal([invoice1], Ids(await api.ListInstancesAsync("businessKey=customer-1&status=waiting")));
        Assert.Empty(Ids(await api.ListInstancesAsync("businessKey=customer-3")));
        Assert.Empty(Ids(await api.ListInstancesAsync("businessKey=customer"))); // exact, not a prefix
        Assert.Equal(4, (int)(await api.ListInstancesAsync(""))["total"]!);
    }
}
