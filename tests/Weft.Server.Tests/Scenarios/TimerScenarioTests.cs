using System.Net;
using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;
using Weft.Worker.Handlers;
using static Weft.Server.Tests.Scenarios.ScenarioJson;

namespace Weft.Server.Tests.Scenarios;

/// <summary>TIMER steps and boundary timers, on the fake clock.</summary>
public sealed class TimerScenarioTests
{
    private const string CoolingOff = """
        { "id": "cooling-off", "steps": [
          { "id": "wait-a-while", "type": "TIMER", "duration": "PT10M", "nextStep": "confirm" },
          { "id": "confirm", "type": "SERVICE_TASK", "nextStep": "done" },
          { "id": "done", "type": "END" } ] }
        """;

    // book has a reminder: after 10 minutes operations are paged while booking goes on.
    private const string Booking = """
        { "id": "booking", "steps": [
          { "id": "book", "type": "SERVICE_TASK", "nextStep": "confirm",
            "boundaryEvents": [ { "type": "TIMER", "duration": "PT10M", "interrupting": false, "targetStepId": "page-ops" } ] },
          { "id": "confirm", "type": "WAIT", "nextStep": "done" },
          { "id": "page-ops", "type": "SERVICE_TASK", "nextStep": "wait-for-ops" },
          { "id": "wait-for-ops", "type": "WAIT", "nextStep": "done" },
          { "id": "done", "type": "END" } ] }
        """;

    [Fact]
    public async Task A_timer_step_waits_its_duration_on_the_clock_and_then_the_instance_goes_on()
    {
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        await api.DeployAsync(CoolingOff);
        scenario.StartWorker(new HandlerRegistry().Register("confirm", _ => new JsonObject { ["confirmed"] = true }));

        var started = await api.StartAsync("cooling-off");
        var id = (string)started["id"]!;
        Assert.Equal("WAITING", (string?)started["status"]);
        Assert.Equal(["wait-a-while"], CurrentSteps(started));

        scenario.Time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await scenario.FireTimersAsync());
        Assert.Equal("WAITING", await api.StatusAsync(id));
        Assert.Equal("RUNNING", (string?)(await api.HistoryOfAsync(id, "wait-a-while")).Single()["status"]);

        scenario.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await scenario.FireTimersAsync());
        var done = await api.WaitForStatusAsync(id, "COMPLETED");

        Assert.True((bool)done["variables"]!["confirmed"]!);
        var timer = (await api.HistoryOfAsync(id, "wait-a-while")).Single();
        Assert.Equal("TIMER", (string?)timer["stepType"]);
        Assert.Equal("COMPLETED", (string?)timer["status"]);
        Assert.Equal(TimeSpan.FromMinutes(10), DateTimeOffset.Parse((string)timer["endedAt"]!, System.Globalization.CultureInfo.InvariantCulture)
            - DateTimeOffset.Parse((string)timer["startedAt"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, await scenario.FireTimersAsync()); // fired once
    }

    [Fact]
    public async Task An_interrupting_boundary_timer_cancels_the_job_so_the_late_worker_gets_409_and_the_target_runs()
    {
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        await api.DeployAsync("""
            { "id": "deadline", "steps": [
              { "id": "slow", "type": "SERVICE_TASK", "nextStep": "done",
                "boundaryEvents": [ { "type": "TIMER", "duration": "PT5M", "interrupting": true, "targetStepId": "escalate" } ] },
              { "id": "escalate", "type": "SERVICE_TASK", "nextStep": "done" },
              { "id": "done", "type": "END" } ] }
            """);
        scenario.StartWorker(new HandlerRegistry().Register("escalate", _ => new JsonObject { ["escalated"] = true }));
        var id = (string)(await api.StartAsync("deadline"))["id"]!;

        // A worker takes the slow job and is still at it when the deadline passes.
        var job = Assert.Single(await api.PollAsync("slow-worker", "slow", leaseSeconds: 3600));
        scenario.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await scenario.FireTimersAsync());
        var done = await api.WaitForStatusAsync(id, "COMPLETED");

        await ProblemAssert.IsProblemAsync(
            await api.CompleteJobAsync((string)job["id"]!, "slow-worker", new JsonObject { ["slowResult"] = 1 }), 409, "cancelled");
        Assert.True((bool)done["variables"]!["escalated"]!);
        Assert.False(Variables(await api.InstanceAsync(id)).ContainsKey("slowResult"));
        var history = await api.HistoryAsync(id);
        Assert.Equal(["slow", "escalate", "done"], Steps(history));
        Assert.Equal("CANCELLED", (string?)history[0]["status"]);
        Assert.StartsWith("Interrupted by its boundary timer after PT5M", (string?)history[0]["failureReason"], StringComparison.Ordinal);
        Assert.Empty(await api.PollAsync("slow-worker", "slow"));
    }

    [Fact]
    public async Task A_non_interrupting_boundary_timer_starts_its_path_beside_the_step_that_goes_on()
    {
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        await api.DeployAsync(Booking);
        scenario.StartWorker(new HandlerRegistry().Register("page-ops", _ => new JsonObject { ["paged"] = true }));
        var id = (string)(await api.StartAsync("booking"))["id"]!;

        var job = Assert.Single(await api.PollAsync("booker", "book", leaseSeconds: 3600));
        scenario.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, await scenario.FireTimersAsync());

        // Operations are paged while booking still runs; the booking job is still the worker's.
        var paged = await Eventually.ReturnsAsync(
            () => api.InstanceAsync(id), i => CurrentSteps(i).SequenceEqual(["book", "wait-for-ops"]), "the reminder path to reach wait-for-ops");
        Assert.True((bool)paged["variables"]!["paged"]!);
        Assert.Equal("ACTIVE", (string?)paged["status"]);
        Assert.Equal("RUNNING", (string?)(await api.HistoryOfAsync(id, "book")).Single()["status"]);

        await WeftApi.ExpectAsync(await api.CompleteJobAsync((string)job["id"]!, "booker", new JsonObject { ["booked"] = true }), HttpStatusCode.NoContent);
        Assert.Equal(["confirm", "wait-for-ops"], CurrentSteps(await api.InstanceAsync(id)));
        await api.SignalAsync(id, "confirm");

        var done = await api.InstanceAsync(id);
        Assert.Equal("COMPLETED", (string?)done["status"]);
        Assert.True((bool)done["variables"]!["booked"]!);
        Assert.Equal("COMPLETED", (string?)(await api.HistoryOfAsync(id, "book")).Single()["status"]);
        Assert.Equal("COMPLETED", (string?)(await api.HistoryOfAsync(id, "page-ops")).Single()["status"]);
        Assert.Equal("CANCELLED", (string?)(await api.HistoryOfAsync(id, "wait-for-ops")).Single()["status"]); // the END ended that path
    }

    [Fact]
    public async Task A_non_interrupting_boundary_timer_whose_step_ends_first_never_fires()
    {
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        await api.DeployAsync(Booking);
        scenario.StartWorker(new HandlerRegistry()
            .Register("book", _ => new JsonObject { ["booked"] = true })
            .Register("page-ops", _ => new JsonObject { ["paged"] = true }));
        var id = (string)(await api.StartAsync("booking"))["id"]!;

        var waiting = await api.WaitForStatusAsync(id, "WAITING"); // booked within the 10 minutes
        Assert.Equal(["confirm"], CurrentSteps(waiting));
        scenario.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(0, await scenario.FireTimersAsync());

        var later = await api.InstanceAsync(id);
        Assert.Equal(["confirm"], CurrentSteps(later));
        Assert.False(Variables(later).ContainsKey("paged"));
        Assert.Empty(await api.HistoryOfAsync(id, "page-ops"));
        Assert.Empty(await api.PollAsync("anyone", "page-ops"));
        await api.SignalAsync(id, "confirm");
        Assert.Equal("COMPLETED", await api.StatusAsync(id));
    }

    [Fact]
    public async Task The_hosted_sweeper_fires_a_due_timer_on_its_own_as_the_clock_moves()
    {
        await using var scenario = await Scenario.StartAsync(sweepEverySecond: true);
        var api = scenario.Api;
        await api.DeployAsync(CoolingOff);
        scenario.StartWorker(new HandlerRegistry().Register("confirm", _ => new JsonObject { ["confirmed"] = true }));
        var id = (string)(await api.StartAsync("cooling-off"))["id"]!;

        scenario.Time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal("WAITING", await api.StatusAsync(id));

        scenario.Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1)); // ticks the sweeper past the due time; no direct call
        var done = await api.WaitForStatusAsync(id, "COMPLETED");
        Assert.True((bool)done["variables"]!["confirmed"]!);
        Assert.Equal("COMPLETED", (string?)(await api.HistoryOfAsync(id, "wait-a-while")).Single()["status"]);
    }
}
