using System.Net;
using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;
using Weft.Worker.Handlers;
using static Weft.Server.Tests.Scenarios.ScenarioJson;

namespace Weft.Server.Tests.Scenarios;

/// <summary>Steering running instances from outside: cancel, suspend and resume.</summary>
public sealed class ControlScenarioTests
{
    [Fact]
    public async Task Cancelling_mid_flight_ends_every_job_and_task_and_keeps_the_reason_exactly()
    {
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        await api.DeployAsync("""
            { "id": "fulfil", "steps": [
              { "id": "fork", "type": "PARALLEL_GATEWAY", "parallelNextSteps": ["pick", "pack", "review"], "joinStep": "meet" },
              { "id": "pick", "type": "SERVICE_TASK", "nextStep": "meet" },
              { "id": "pack", "type": "SERVICE_TASK", "nextStep": "meet" },
              { "id": "review", "type": "USER_TASK", "assignee": "ann", "nextStep": "meet" },
              { "id": "meet", "type": "JOIN_GATEWAY", "nextStep": "done" },
              { "id": "done", "type": "END" } ] }
            """);
        var id = (string)(await api.StartAsync("fulfil"))["id"]!;
        var held = Assert.Single(await api.PollAsync("picker", "pick", leaseSeconds: 600)); // a worker is at it; pack waits

        var cancelled = await api.CancelAsync(id, "customer withdrew");

        Assert.Equal("CANCELLED", (string?)cancelled["status"]);
        Assert.Equal("customer withdrew", (string?)cancelled["failureReason"]);
        Assert.NotNull(cancelled["completedAt"]);
        Assert.Equal("customer withdrew", (string?)(await api.InstanceAsync(id))["failureReason"]);
        Assert.Empty(await api.PollAsync("packer", "pack"));
        Assert.Empty(await api.PollAsync("picker", "pick"));
        await ProblemAssert.IsProblemAsync(await api.CompleteJobAsync((string)held["id"]!, "picker"), 409, "was cancelled");
        await ProblemAssert.IsProblemAsync(await api.FailJobAsync((string)held["id"]!, "picker", "gave up"), 409, "was cancelled");

        var task = Assert.Single(await api.UserTasksAsync($"instanceId={id}"));
        Assert.Equal("CANCELLED", (string?)task["status"]);
        Assert.Empty(await api.UserTasksAsync("assignee=ann&status=OPEN"));
        await ProblemAssert.IsProblemAsync(
            await api.CompleteUserTaskAsync(id, "review", new JsonObject { ["completedBy"] = "ann", ["result"] = new JsonObject() }), 409, "CANCELLED");

        var history = await api.HistoryAsync(id);
        Assert.Equal(["CANCELLED", "CANCELLED", "CANCELLED"],
            Column(history.Where(r => (string?)r["stepId"] is "pick" or "pack" or "review"), "status"));
        await ProblemAssert.IsProblemAsync(await api.PostAsync($"/v1/instances/{id}/cancel"), 409, "already CANCELLED");
        Assert.Equal(0, await scenario.FireTimersAsync());
    }

    [Fact]
    public async Task A_suspended_instance_gets_no_job_handed_out_and_a_timer_that_fell_due_meanwhile_fires_on_resume()
    {
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        await api.DeployAsync("""
            { "id": "paused", "steps": [
              { "id": "fork", "type": "PARALLEL_GATEWAY", "parallelNextSteps": ["work", "cool-off"], "joinStep": "meet" },
              { "id": "work", "type": "SERVICE_TASK", "nextStep": "meet" },
              { "id": "cool-off", "type": "TIMER", "duration": "PT1H", "nextStep": "after-timer" },
              { "id": "after-timer", "type": "SERVICE_TASK", "nextStep": "meet" },
              { "id": "meet", "type": "JOIN_GATEWAY", "nextStep": "done" },
              { "id": "done", "type": "END" } ] }
            """);
        var id = (string)(await api.StartAsync("paused"))["id"]!;

        var suspended = await api.SuspendAsync(id);
        Assert.Equal("SUSPENDED", (string?)suspended["status"]);
        Assert.Empty(await api.PollAsync("w", "work"));

        scenario.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await scenario.FireTimersAsync()); // due, but the instance is suspended
        Assert.Equal("RUNNING", (string?)(await api.HistoryOfAsync(id, "cool-off")).Single()["status"]);
        Assert.Empty(await api.PollAsync("w", "work"));
        Assert.Empty(await api.PollAsync("w", "after-timer"));
        Assert.Equal("SUSPENDED", await api.StatusAsync(id));

        var resumed = await api.ResumeAsync(id);
        Assert.Equal("ACTIVE", (string?)resumed["status"]);
        Assert.Equal(["after-timer", "work"], CurrentSteps(resumed)); // the timer fired in the resume itself
        Assert.Equal("COMPLETED", (string?)(await api.HistoryOfAsync(id, "cool-off")).Single()["status"]);

        scenario.StartWorker(new HandlerRegistry()
            .Register("work", _ => new JsonObject { ["worked"] = true })
            .Register("after-timer", _ => new JsonObject { ["afterTimer"] = true }));
        var done = await api.WaitForStatusAsync(id, "COMPLETED");
        Assert.True((bool)done["variables"]!["worked"]!);
        Assert.True((bool)done["variables"]!["afterTimer"]!);
    }

    [Fact]
    public async Task A_job_held_by_a_worker_when_its_instance_is_suspended_may_still_complete_and_the_next_job_waits_for_the_resume()
    {
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        await api.DeployAsync("""
            { "id": "two-steps", "steps": [
              { "id": "first", "type": "SERVICE_TASK", "nextStep": "second" },
              { "id": "second", "type": "SERVICE_TASK", "nextStep": "done" },
              { "id": "done", "type": "END" } ] }
            """);
        var id = (string)(await api.StartAsync("two-steps"))["id"]!;
        var running = Assert.Single(await api.PollAsync("w", "first"));

        await api.SuspendAsync(id);
        await WeftApi.ExpectAsync(await api.CompleteJobAsync((string)running["id"]!, "w", new JsonObject { ["first"] = 1 }), HttpStatusCode.NoContent);
        var stillSuspended = await api.InstanceAsync(id);
        Assert.Equal("SUSPENDED", (string?)stillSuspended["status"]);
        Assert.Equal(["second"], CurrentSteps(stillSuspended));
        Assert.Empty(await api.PollAsync("w", "second"));

        await api.ResumeAsync(id);
        var next = Assert.Single(await api.PollAsync("w", "second"));
        await WeftApi.ExpectAsync(await api.CompleteJobAsync((string)next["id"]!, "w"), HttpStatusCode.NoContent);
        Assert.Equal("COMPLETED", await api.StatusAsync(id));
    }
}
