using System.Net;
using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;
using Weft.Worker.Client;

namespace Weft.Server.Tests.Api;

/// <summary>The Worker SDK's client against the real server: each route's request and answer, end to end.</summary>
public sealed class ClientRoundTripTests : IAsyncLifetime
{
    private const string Approval = """
        {
          "id": "expense-approval",
          "steps": [
            { "id": "approve", "type": "USER_TASK", "name": "Approve the expense", "candidateGroups": ["managers"], "nextStep": "await-payment" },
            { "id": "await-payment", "type": "WAIT", "nextStep": "book" },
            { "id": "book", "type": "SERVICE_TASK", "jobType": "book-expense", "retryCount": 0, "nextStep": "done" },
            { "id": "done", "type": "END" }
          ]
        }
        """;

    private WeftTestServer _server = null!;

    private WeftClient Client => _server.Client;

    public async Task InitializeAsync()
    {
        _server = await WeftTestServer.StartAsync();
        await Client.UploadDefinitionAsync(Approval);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_user_task_a_signal_a_suspension_and_a_retry_take_an_instance_to_its_end()
    {
        var started = await Client.StartInstanceAsync("expense-approval", new JsonObject { ["amount"] = 120 }, "exp-7", version: 1);
        Assert.Equal(InstanceStatus.Waiting, started.Status);
        Assert.Equal(["approve"], started.CurrentStepIds);
        Assert.NotNull(started.StartedAt);

        var task = Assert.Single((await Client.ListUserTasksAsync(instanceId: started.Id, status: UserTaskStatus.Open)).Items);
        Assert.Equivalent(task, await Client.GetUserTaskAsync(task.Id), strict: true);
        Assert.Equal(("approve", "Approve the expense", "managers"), (task.StepId, task.Name, Assert.Single(task.CandidateGroups)));

        await Client.CompleteUserTaskAsync(started.Id, "approve", "alice", new JsonObject { ["approved"] = true });
        await Client.CompleteUserTaskAsync(started.Id, "approve", "alice", new JsonObject { ["approved"] = true }); // the same again: a no-op
        var conflict = await Assert.ThrowsAsync<WeftApiException>(() => Client.CompleteUserTaskAsync(started.Id, "approve", "bob"));
        Assert.Equal(("CONFLICT", HttpStatusCode.Conflict), (conflict.ErrorCode, conflict.StatusCode));
        var done = await Client.GetUserTaskAsync(task.Id);
        Assert.Equal((UserTaskStatus.Completed, "alice"), (done.Status, done.CompletedBy));
        Assert.True((bool)done.Result!["approved"]!);

        await Client.SignalAsync(started.Id, "await-payment", new JsonObject { ["paid"] = true });

        Assert.Equal(InstanceStatus.Suspended, (await Client.SuspendInstanceAsync(started.Id)).Status);
        Assert.Empty(await Client.PollJobsAsync("w", ["book-expense"], 1));
        Assert.Equal(InstanceStatus.Active, (await Client.ResumeInstanceAsync(started.Id)).Status);

        var job = Assert.Single(await Client.PollJobsAsync("w", ["book-expense"], 1, leaseSeconds: 120));
        Assert.Equal("book", job.StepId);
        Assert.Equal(TimeSpan.FromSeconds(120), job.LockExpiresAt - job.LockedAt);
        await Client.FailJobAsync(job.Id, "w", "ledger closed", retryable: false);
        Assert.Equal(InstanceStatus.Failed, (await Client.GetInstanceAsync(started.Id)).Status);

        Assert.Equal(InstanceStatus.Active, (await Client.RetryInstanceAsync(started.Id)).Status);
        var retried = Assert.Single(await Client.PollJobsAsync("w", ["book-expense"], 1));
        await Client.CompleteJobAsync(retried.Id, "w", new JsonObject { ["booked"] = true });

        var finished = await Client.GetInstanceAsync(started.Id);
        Assert.Equal(InstanceStatus.Completed, finished.Status);
        Assert.Equal(["done"], finished.CurrentStepIds);
        Assert.Equal("""{"amount":120,"approved":true,"paid":true,"booked":true}""", finished.Variables!.ToJsonString());
        var history = await Client.GetHistoryAsync(started.Id);
        Assert.Equal(["approve", "await-payment", "book", "book", "done"], history.Select(step => step.StepId));
        Assert.Equal(["COMPLETED", "COMPLETED", "FAILED", "COMPLETED", "COMPLETED"], history.Select(step => step.Status));
        Assert.All(history, step => Assert.True(step.AttemptNumber >= 1 && step.EndedAt >= step.StartedAt));
    }

    [Fact]
    public async Task A_task_completed_by_its_id_and_an_unknown_task_answer_as_the_client_expects()
    {
        var instance = await Client.StartInstanceAsync("expense-approval");
        var task = Assert.Single((await Client.ListUserTasksAsync(candidateGroup: "managers", status: UserTaskStatus.Open)).Items);

        await Client.CompleteUserTaskByIdAsync(task.Id, "carol", new JsonObject { ["approved"] = false });

        Assert.Equal(["await-payment"], (await Client.GetInstanceAsync(instance.Id)).CurrentStepIds);
        Assert.Equal(UserTaskStatus.Completed, (await Client.GetUserTaskAsync(task.Id)).Status);
        var missing = await Assert.ThrowsAsync<WeftApiException>(() => Client.GetUserTaskAsync("no-such-task"));
        Assert.Equal(("NOT_FOUND", HttpStatusCode.NotFound), (missing.ErrorCode, missing.StatusCode));
    }

    [Fact]
    public async Task Parallel_branches_and_a_sub_workflow_show_in_currentStepIds_and_parentInstanceId()
    {
        await Client.UploadDefinitionAsync("""
            { "id": "child", "steps": [ { "id": "child-work", "type": "SERVICE_TASK", "nextStep": "end" }, { "id": "end", "type": "END" } ] }
            """);
        await Client.UploadDefinitionAsync("""
            {
              "id": "parent",
              "steps": [
                { "id": "fork", "type": "PARALLEL_GATEWAY", "parallelNextSteps": ["call-child", "side-work"], "joinStep": "join" },
                { "id": "call-child", "type": "SUB_WORKFLOW", "workflowId": "child", "nextStep": "join" },
                { "id": "side-work", "type": "SERVICE_TASK", "nextStep": "join" },
                { "id": "join", "type": "JOIN_GATEWAY", "nextStep": "end" },
                { "id": "end", "type": "END" }
              ]
            }
            """);

        var parent = await Client.StartInstanceAsync("parent");

        Assert.Equal(["call-child", "side-work"], parent.CurrentStepIds.Order(StringComparer.Ordinal));
        var child = Assert.Single((await Client.ListInstancesAsync(definitionId: "child")).Items);
        Assert.Equal(parent.Id, child.ParentInstanceId);
        Assert.Null(parent.ParentInstanceId);
    }
}
