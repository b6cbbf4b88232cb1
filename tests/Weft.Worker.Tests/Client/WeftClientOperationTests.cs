using System.Net;
using System.Text.Json.Nodes;
using Weft.Worker.Client;
using Weft.Worker.Tests.Fakes;

namespace Weft.Worker.Tests.Client;

/// <summary>The client's calls beyond the worker API: signals, suspend/resume/retry and user tasks.</summary>
public sealed class WeftClientOperationTests : IAsyncLifetime
{
    private FakeWeftServer _server = null!;
    private WeftClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeWeftServer.StartAsync();
        _client = new WeftClient(_server.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task SignalAsync_sends_the_variables_themselves_as_the_body_and_an_empty_object_without_them()
    {
        _server.Intercept = _ => FakeReply.NoContent();

        await _client.SignalAsync("i-1", "await-payment", new JsonObject { ["paid"] = true, ["paymentRef"] = "pay-9" });
        await _client.SignalAsync("i/2", "await payment");

        WireSamples.AssertPosted(_server, "/v1/instances/i-1/signals/await-payment", """{"paid":true,"paymentRef":"pay-9"}""");
        WireSamples.AssertPosted(_server, "/v1/instances/i%2F2/signals/await%20payment", "{}");
    }

    [Fact]
    public async Task SignalAsync_to_an_instance_not_waiting_there_throws_the_conflict()
    {
        _server.Intercept = _ => FakeReply.Problem(
            409, "Conflict", "Instance 'i-1' is not waiting at step 'await-payment': it is WAITING at 'approve'.", "CONFLICT");

        var error = await Assert.ThrowsAsync<WeftApiException>(() => _client.SignalAsync("i-1", "await-payment"));

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal("CONFLICT", error.ErrorCode);
        Assert.Contains("WAITING at 'approve'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suspend_resume_and_retry_post_to_their_routes_without_a_body_and_read_the_instance()
    {
        _server.Intercept = request => request.Path switch
        {
            "/v1/instances/i-1/suspend" => FakeReply.Json(200, WireSamples.Instance("i-1", "SUSPENDED", "book")),
            "/v1/instances/i-1/resume" => FakeReply.Json(200, WireSamples.Instance("i-1", "ACTIVE", "book")),
            "/v1/instances/i-1/retry" => FakeReply.Json(200, WireSamples.Instance("i-1", "ACTIVE", "book")),
            _ => null,
        };

        var suspended = await _client.SuspendInstanceAsync("i-1");
        var resumed = await _client.ResumeInstanceAsync("i-1");
        var retried = await _client.RetryInstanceAsync("i-1");

        Assert.Equal(InstanceStatus.Suspended, suspended.Status);
        Assert.Equal(InstanceStatus.Active, resumed.Status);
        Assert.Equal(InstanceStatus.Active, retried.Status);
        Assert.Equal(["book"], retried.CurrentStepIds);
        foreach (var operation in new[] { "suspend", "resume", "retry" })
        {
            var request = Assert.Single(_server.RequestsTo("POST", $"/v1/instances/i-1/{operation}"));
            Assert.Equal("", request.Body);
        }
    }

    [Fact]
    public async Task RetryInstanceAsync_of_an_instance_that_has_not_failed_throws_the_conflict()
    {
        _server.Intercept = _ => FakeReply.Problem(409, "Conflict", "Instance 'i-1' is ACTIVE; only FAILED instances can be retried.", "CONFLICT");

        var error = await Assert.ThrowsAsync<WeftApiException>(() => _client.RetryInstanceAsync("i-1"));

        Assert.Equal("CONFLICT", error.ErrorCode);
        Assert.Equal("Instance 'i-1' is ACTIVE; only FAILED instances can be retried.", error.Message);
    }

    [Fact]
    public async Task ListUserTasksAsync_sends_the_filters_and_reads_the_page()
    {
        _server.Intercept = _ => FakeReply.Json(200, new JsonObject
        {
            ["items"] = new JsonArray(WireSamples.UserTask("t-1"), WireSamples.UserTask("t-2")),
            ["page"] = 1,
            ["pageSize"] = 2,
            ["total"] = 5,
        });

        var page = await _client.ListUserTasksAsync(
            instanceId: "i-1", assignee: "alice", candidateGroup: "managers & co", status: UserTaskStatus.Open, page: 1, pageSize: 2);
        await _client.ListUserTasksAsync();

        Assert.Single(_server.RequestsTo(
            "GET", "/v1/user-tasks?page=1&pageSize=2&instanceId=i-1&assignee=alice&candidateGroup=managers%20%26%20co&status=OPEN"));
        Assert.Single(_server.RequestsTo("GET", "/v1/user-tasks?page=0&pageSize=20"));
        Assert.Equal(["t-1", "t-2"], page.Items.Select(task => task.Id));
        Assert.Equal(1, page.Page);
        Assert.Equal(2, page.PageSize);
        Assert.Equal(5, page.Total);
    }

    [Fact]
    public async Task GetUserTaskAsync_reads_every_field()
    {
        var completed = WireSamples.UserTask("t/1", "COMPLETED");
        completed["completedAt"] = "2026-01-01T00:00:05Z";
        completed["completedBy"] = "alice";
        completed["result"] = new JsonObject { ["approved"] = true };
        _server.Intercept = _ => FakeReply.Json(200, completed);

        var task = await _client.GetUserTaskAsync("t/1");

        Assert.Single(_server.RequestsTo("GET", "/v1/user-tasks/t%2F1"));
        Assert.Equal("t/1", task.Id);
        Assert.Equal("i-1", task.InstanceId);
        Assert.Equal("approve", task.StepId);
        Assert.Equal("s-1", task.StepExecutionId);
        Assert.Equal("Approve the expense", task.Name);
        Assert.Equal(UserTaskStatus.Completed, task.Status);
        Assert.Equal("alice", task.Assignee);
        Assert.Equal(["managers", "finance"], task.CandidateGroups);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), task.CreatedAt);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 5, TimeSpan.Zero), task.CompletedAt);
        Assert.Equal("alice", task.CompletedBy);
        Assert.True((bool)task.Result!["approved"]!);
    }

    [Fact]
    public async Task GetUserTaskAsync_reads_every_status_and_an_open_task_without_result()
    {
        string[] statuses = ["OPEN", "COMPLETED", "CANCELLED"];
        _server.Intercept = request => FakeReply.Json(200, WireSamples.UserTask("t", statuses[int.Parse(request.Path[^1..])]));

        var tasks = new List<UserTask>();
        for (var i = 0; i < statuses.Length; i++)
        {
            tasks.Add(await _client.GetUserTaskAsync($"t-{i}"));
        }

        Assert.Equal([UserTaskStatus.Open, UserTaskStatus.Completed, UserTaskStatus.Cancelled], tasks.Select(task => task.Status));
        Assert.Null(tasks[0].CompletedAt);
        Assert.Null(tasks[0].CompletedBy);
        Assert.Null(tasks[0].Result);
    }

    [Fact]
    public async Task CompleteUserTaskAsync_sends_completedBy_and_result_to_the_instance_and_step_route()
    {
        _server.Intercept = _ => FakeReply.NoContent();

        await _client.CompleteUserTaskAsync("i-1", "approve", "alice", new JsonObject { ["approved"] = true });
        await _client.CompleteUserTaskAsync("i-2", "review step");

        WireSamples.AssertPosted(_server, "/v1/instances/i-1/user-tasks/approve/complete", """{"completedBy":"alice","result":{"approved":true}}""");
        WireSamples.AssertPosted(_server, "/v1/instances/i-2/user-tasks/review%20step/complete", "{}");
    }

    [Fact]
    public async Task CompleteUserTaskByIdAsync_sends_completedBy_and_result_to_the_task_route()
    {
        _server.Intercept = _ => FakeReply.NoContent();

        await _client.CompleteUserTaskByIdAsync("t-1", "bob", new JsonObject { ["approved"] = false });
        await _client.CompleteUserTaskByIdAsync("t-2");

        WireSamples.AssertPosted(_server, "/v1/user-tasks/t-1/complete", """{"completedBy":"bob","result":{"approved":false}}""");
        WireSamples.AssertPosted(_server, "/v1/user-tasks/t-2/complete", "{}");
    }

    [Fact]
    public async Task Completing_a_task_that_is_no_longer_open_throws_the_conflict()
    {
        _server.Intercept = _ => FakeReply.Problem(
            409, "Conflict", "The task of step 'approve' of instance 'i-1' is COMPLETED (by 'alice'); only an OPEN task can be completed.", "CONFLICT");

        var error = await Assert.ThrowsAsync<WeftApiException>(() => _client.CompleteUserTaskAsync("i-1", "approve", "bob"));

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal("CONFLICT", error.ErrorCode);
    }
}
