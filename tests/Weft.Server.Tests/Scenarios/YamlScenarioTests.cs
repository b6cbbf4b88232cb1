using System.Net;
using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;
using Weft.Worker.Handlers;
using static Weft.Server.Tests.Scenarios.ScenarioJson;

namespace Weft.Server.Tests.Scenarios;

/// <summary>Definitions uploaded as YAML, among them the README's loan approval (samples/definitions/loan-approval.yaml).</summary>
public sealed class YamlScenarioTests
{
    [Fact]
    public async Task A_YAML_definition_using_many_step_types_uploads_and_runs_to_completion()
    {
        await using var scenario = await Scenario.StartAsync();
        var api = scenario.Api;
        var stored = await api.DeployYamlAsync("""
            # An order that needs a person, a settlement and a cooling-off hour before booking.
            id: yaml-tour
            name: Every kind of waiting, in YAML
            metadata: { owner: scenarios }
            steps:
              - { id: intake, type: SERVICE_TASK, jobType: intake, retryCount: 1, nextStep: enrich }
              - id: enrich
                type: TRANSFORMATION
                transformations:
                  total: "${price * quantity}"
                  channel: web
                  tags: [yaml, tour]
                nextStep: route
              - id: route
                type: DECISION
                conditionalNextSteps: { "total > 100": fork }
                nextStep: book
              - { id: fork, type: PARALLEL_GATEWAY, parallelNextSteps: [approve, settle], joinStep: meet }
              - { id: approve, type: USER_TASK, assignee: ann, nextStep: meet }
              - { id: settle, type: WAIT, nextStep: cool-off }
              - { id: cool-off, type: TIMER, duration: PT1H, nextStep: meet }
              - { id: meet, type: JOIN_GATEWAY, nextStep: book }
              - { id: book, type: SERVICE_TASK, jobType: booking, nextStep: done }
              - { id: done, type: END }
            """);
        Assert.Equal("yaml-tour", (string?)stored["id"]);
        Assert.Equal(1, (int)stored["version"]!);
        Assert.Equal(10, stored["steps"]!.AsArray().Count);
        Assert.Equal("${price * quantity}", (string?)stored["steps"]![1]!["transformations"]!["total"]);
        Assert.Equal("scenarios", (string?)stored["metadata"]!["owner"]);

        scenario.StartWorker(new HandlerRegistry()
            .Register("intake", _ => new JsonObject { ["quantity"] = 5 })
            .Register("booking", job => new JsonObject { ["booked"] = job.GetVariable<double>("total") }));
        var id = (string)(await api.StartAsync("yaml-tour", new JsonObject { ["price"] = 30 }))["id"]!;

        var waiting = await api.WaitForStatusAsync(id, "WAITING");
        Assert.Equal(["approve", "settle"], CurrentSteps(waiting));
        Assert.Equal(150, (int)waiting["variables"]!["total"]!);
        Assert.Equal("""["yaml","tour"]""", waiting["variables"]!["tags"]!.ToJsonString());

        await WeftApi.ExpectAsync(
            await api.CompleteUserTaskAsync(id, "approve", new JsonObject { ["completedBy"] = "ann", ["result"] = new JsonObject { ["approved"] = true } }),
            HttpStatusCode.NoContent);
        await api.SignalAsync(id, "settle", new JsonObject { ["settled"] = true });
        Assert.Equal(["cool-off"], CurrentSteps(await api.InstanceAsync(id)));

        scenario.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await scenario.FireTimersAsync());
        var done = await api.WaitForStatusAsync(id, "COMPLETED");

        Assert.Equal(150, (int)done["variables"]!["booked"]!);
        Assert.True((bool)done["variables"]!["approved"]!);
        Assert.True((bool)done["variables"]!["settled"]!);
        var history = await api.HistoryAsync(id);
        Assert.Equal(
            ["approve", "book", "cool-off", "done", "enrich", "fork", "intake", "meet", "meet", "route", "settle"],
            Steps(history).Order(StringComparer.Ordinal));
        Assert.All(history, row => Assert.Equal("COMPLETED", (string?)row["status"]));
    }

    [Fact]
    public async Task Loan_approval_a_good_score_and_a_small_amount_are_approved_without_a_person()
    {
        await using var scenario = await StartLoanApprovalAsync();
        var api = scenario.Api;

        var id = (string)(await api.StartAsync("loan-approval", new JsonObject { ["amount"] = 5000, ["bureauScore"] = 750 }, "loan-1"))["id"]!;
        var done = await api.WaitForStatusAsync(id, "COMPLETED");

        Assert.Equal("approved", (string?)done["variables"]!["outcome"]);
        Assert.Equal(["score", "route", "approve", "done"], Steps(await api.HistoryAsync(id)));
        Assert.Empty(await api.UserTasksAsync($"instanceId={id}"));
    }

    [Fact]
    public async Task Loan_approval_a_middling_score_goes_to_the_credit_group_whose_approval_approves_it()
    {
        await using var scenario = await StartLoanApprovalAsync();
        var api = scenario.Api;

        var id = (string)(await api.StartAsync("loan-approval", new JsonObject { ["amount"] = 20000, ["bureauScore"] = 650 }, "loan-2"))["id"]!;
        var waiting = await api.WaitForStatusAsync(id, "WAITING");
        Assert.Equal(["review"], CurrentSteps(waiting));

        var task = Assert.Single(await api.UserTasksAsync("candidateGroup=credit&status=OPEN"));
        Assert.Equal(id, (string?)task["instanceId"]);
        Assert.Equal("review", (string?)task["stepId"]);
        await WeftApi.ExpectAsync(
            await api.CompleteUserTaskAsync(id, "review", new JsonObject { ["completedBy"] = "carol", ["result"] = new JsonObject { ["approved"] = true } }),
            HttpStatusCode.NoContent);
        var done = await api.WaitForStatusAsync(id, "COMPLETED");

        Assert.Equal("approved", (string?)done["variables"]!["outcome"]);
        Assert.Equal(["score", "route", "review", "decided", "approve", "done"], Steps(await api.HistoryAsync(id)));

        // The boundary timer of review ended with it: three days later nothing fires.
        scenario.Time.Advance(TimeSpan.FromDays(4));
        Assert.Equal(0, await scenario.FireTimersAsync());
    }

    [Fact]
    public async Task Loan_approval_a_review_nobody_does_within_three_days_is_rejected_by_its_boundary_timer()
    {
        await using var scenario = await StartLoanApprovalAsync();
        var api = scenario.Api;

        var id = (string)(await api.StartAsync("loan-approval", new JsonObject { ["amount"] = 20000, ["bureauScore"] = 650 }, "loan-3"))["id"]!;
        await api.WaitForStatusAsync(id, "WAITING");

        scenario.Time.Advance(TimeSpan.FromDays(3) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await scenario.FireTimersAsync());
        Assert.Equal("OPEN", (string?)Assert.Single(await api.UserTasksAsync($"instanceId={id}"))["status"]);

        // Three days is also a tick of the background sweeper (once a day, the longest interval the server takes),
        // so the timer may be fired by it or by this call: the effect is what counts.
        scenario.Time.Advance(TimeSpan.FromSeconds(1));
        await scenario.FireTimersAsync();
        var done = await api.WaitForStatusAsync(id, "COMPLETED");

        Assert.Equal("rejected", (string?)done["variables"]!["outcome"]);
        Assert.Equal("CANCELLED", (string?)Assert.Single(await api.UserTasksAsync($"instanceId={id}"))["status"]);
        var history = await api.HistoryAsync(id);
        Assert.Equal(["score", "route", "review", "reject", "done"], Steps(history));
        Assert.Equal("CANCELLED", (string?)history[2]["status"]);
        Assert.StartsWith("Interrupted by its boundary timer after P3D", (string?)history[2]["failureReason"], StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(
            await api.CompleteUserTaskAsync(id, "review", new JsonObject { ["completedBy"] = "carol", ["result"] = new JsonObject { ["approved"] = true } }),
            409, "CANCELLED");
    }

    /// <summary>A scenario with the sample uploaded as YAML, and a worker for its three service tasks.</summary>
    private static async Task<Scenario> StartLoanApprovalAsync()
    {
        var scenario = await Scenario.StartAsync();
        var yaml = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "samples", "definitions", "loan-approval.yaml"));
        var stored = await scenario.Api.DeployYamlAsync(yaml);
        Assert.Equal("loan-approval", (string?)stored["id"]);
        scenario.StartWorker(new HandlerRegistry()
            .Register("score", job => new JsonObject { ["score"] = job.GetVariable<int>("bureauScore") })
            .Register("approve", _ => new JsonObject { ["outcome"] = "approved" })
            .Register("reject", _ => new JsonObject { ["outcome"] = "rejected" }));
        return scenario;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "samples", "definitions", "loan-approval.yaml")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No samples/definitions/loan-approval.yaml above {AppContext.BaseDirectory}.");
    }
}
