using System.Net;
using System.Text.Json.Nodes;
using Weft.Worker.Client;
using Weft.Worker.Tests.Fakes;

namespace Weft.Worker.Tests.Client;

public sealed class WeftClientTests : IAsyncLifetime
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
    public async Task PollJobsAsync_sends_the_wire_body_and_reads_every_job_field()
    {
        _server.EnqueueJob("job-1", "charge", new JsonObject { ["amount"] = 42 }, retriesRemaining: 2);

        var jobs = await _client.PollJobsAsync("w1", ["charge", "ship"], 10, waitMs: 250);

        var poll = Assert.Single(_server.RequestsTo("POST", "/v1/jobs/poll"));
        Assert.StartsWith("application/json", poll.ContentType, StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"workerId":"w1","jobTypes":["charge","ship"],"maxJobs":10,"waitMs":250}"""), poll.Json));

        var job = Assert.Single(jobs);
        Assert.Equal("job-1", job.Id);
        Assert.Equal("instance-of-job-1", job.InstanceId);
        Assert.Equal("step-id-of-job-1", job.StepId);
        Assert.Equal("step-of-job-1", job.StepExecutionId);
        Assert.Equal("charge", job.JobType);
        Assert.Equal("LOCKED", job.Status);
        Assert.Equal("w1", job.WorkerId);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), job.LockedAt);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 30, TimeSpan.Zero), job.LockExpiresAt);
        Assert.Equal(2, job.RetriesRemaining);
        Assert.Equal(42, (int)job.Variables!["amount"]!);
        Assert.Equal("token-of-job-1", job.LockToken);
    }

    [Fact]
    public async Task PollJobsAsync_sends_waitMs_0_when_long_poll_is_off_and_returns_an_empty_list_when_no_job_is_ready()
    {
        var jobs = await _client.PollJobsAsync("w1", ["a"], 5);

        Assert.Empty(jobs);
        AssertBody("/v1/jobs/poll", """{"workerId":"w1","jobTypes":["a"],"maxJobs":5,"waitMs":0}""");
    }

    [Fact]
    public async Task PollJobsAsync_sends_leaseSeconds_when_given()
    {
        await _client.PollJobsAsync("w1", ["a"], 1, leaseSeconds: 120);

        AssertBody("/v1/jobs/poll", """{"workerId":"w1","jobTypes":["a"],"maxJobs":1,"waitMs":0,"leaseSeconds":120}""");
    }

    [Fact]
    public async Task CompleteJobAsync_FailJobAsync_and_HeartbeatJobAsync_send_the_wire_bodies()
    {
        await _client.CompleteJobAsync("j/1", "w1", new JsonObject { ["total"] = 7 });
        await _client.CompleteJobAsync("j2", "w1", null);
        await _client.FailJobAsync("j3", "w1", "card declined", retryable: false);
        var lockExpiresAt = await _client.HeartbeatJobAsync("j4", "w1");

        AssertBody("/v1/jobs/j%2F1/complete", """{"workerId":"w1","variables":{"total":7}}""");
        AssertBody("/v1/jobs/j2/complete", """{"workerId":"w1","variables":{}}""");
        AssertBody("/v1/jobs/j3/fail", """{"workerId":"w1","errorMessage":"card declined","retryable":false}""");
        AssertBody("/v1/jobs/j4/heartbeat", """{"workerId":"w1"}""");
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 1, 0, TimeSpan.Zero), lockExpiresAt);
    }

    [Fact]
    public async Task UploadDefinitionAsync_sends_yaml_with_its_content_type_and_returns_the_stored_definition()
    {
        const string yaml = "id: doubling\nsteps:\n  - id: end\n    type: END\n";
        _server.Intercept = request => request.Is("POST", "/v1/definitions")
            ? FakeReply.Json(201, new JsonObject { ["id"] = "doubling", ["version"] = 1 })
            : null;

        var stored = await _client.UploadDefinitionAsync(yaml, "application/yaml");

        var upload = Assert.Single(_server.RequestsTo("POST", "/v1/definitions"));
        Assert.StartsWith("application/yaml", upload.ContentType, StringComparison.Ordinal);
        Assert.Equal(yaml, upload.Body);
        Assert.Equal("doubling", (string?)stored["id"]);
        Assert.Equal(1, (int)stored["version"]!);
    }

    [Fact]
    public async Task UploadDefinitionAsync_sends_a_JsonObject_as_json()
    {
        _server.Intercept = request => request.Is("POST", "/v1/definitions")
            ? FakeReply.Json(200, new JsonObject { ["id"] = "p", ["version"] = 3 })
            : null;

        var stored = await _client.UploadDefinitionAsync(new JsonObject { ["id"] = "p", ["steps"] = new JsonArray() });

        var upload = Assert.Single(_server.RequestsTo("POST", "/v1/definitions"));
        Assert.StartsWith("application/json", upload.ContentType, StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"id":"p","steps":[]}"""), upload.Json));
        Assert.Equal(3, (int)stored["version"]!);
    }

    [Fact]
    public async Task GetDefinitionAsync_reads_the_latest_or_a_given_version()
    {
        _server.Intercept = request => request.Method == "GET"
            ? FakeReply.Json(200, new JsonObject { ["id"] = "p", ["version"] = request.Path.EndsWith("/2", StringComparison.Ordinal) ? 2 : 5 })
            : null;

        var latest = await _client.GetDefinitionAsync("p");
        var second = await _client.GetDefinitionAsync("p", version: 2);

        Assert.Equal(5, (int)latest["version"]!);
        Assert.Equal(2, (int)second["version"]!);
        Assert.Single(_server.RequestsTo("GET", "/v1/definitions/p"));
        Assert.Single(_server.RequestsTo("GET", "/v1/definitions/p/versions/2"));
    }

    [Fact]
    public async Task ListDefinitionsAsync_sends_paging_and_reads_the_page()
    {
        _server.Intercept = _ => FakeReply.Json(200, JsonNode.Parse(
            """{"items":[{"id":"a","version":1},{"id":"b","version":2}],"page":1,"pageSize":2,"total":7}""")!);

        var page = await _client.ListDefinitionsAsync(page: 1, pageSize: 2);

        Assert.Single(_server.RequestsTo("GET", "/v1/definitions?page=1&pageSize=2"));
        Assert.Equal(["a", "b"], page.Items.Select(item => (string)item["id"]!));
        Assert.Equal(1, page.Page);
        Assert.Equal(2, page.PageSize);
        Assert.Equal(7, page.Total);
    }

    [Fact]
    public async Task StartInstanceAsync_sends_the_wire_body_and_reads_the_instance()
    {
        _server.Intercept = request => request.Is("POST", "/v1/instances") ? FakeReply.Json(201, Instance("i-1", "ACTIVE")) : null;

        var instance = await _client.StartInstanceAsync("order-pipeline", new JsonObject { ["value"] = 21 }, businessKey: "order-42");

        AssertBody("/v1/instances", """{"definitionId":"order-pipeline","variables":{"value":21},"businessKey":"order-42"}""");
        Assert.Equal("i-1", instance.Id);
        Assert.Equal("order-pipeline", instance.DefinitionId);
        Assert.Equal(3, instance.DefinitionVersion);
        Assert.Equal(InstanceStatus.Active, instance.Status);
        Assert.Equal("order-42", instance.BusinessKey);
        Assert.Equal(21, (int)instance.Variables!["value"]!);
        Assert.Equal(["receive-order"], instance.CurrentStepIds);
        Assert.Null(instance.FailureReason);
        Assert.Null(instance.ParentInstanceId);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), instance.CreatedAt);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), instance.StartedAt);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 2, TimeSpan.Zero), instance.UpdatedAt);
        Assert.Null(instance.CompletedAt);
    }

    [Fact]
    public async Task StartInstanceAsync_sends_empty_variables_and_the_version_as_definitionVersion()
    {
        _server.Intercept = request => request.Is("POST", "/v1/instances") ? FakeReply.Json(201, Instance("i-1", "ACTIVE")) : null;

        await _client.StartInstanceAsync("p", version: 2);

        AssertBody("/v1/instances", """{"definitionId":"p","variables":{},"definitionVersion":2}""");
    }

    [Fact]
    public async Task GetInstanceAsync_reads_parallel_current_steps_and_the_parent_of_a_sub_workflow()
    {
        var child = Instance("i-2", "ACTIVE", "credit", "fraud");
        child["parentInstanceId"] = "i-1";
        child["completedAt"] = "2026-01-01T00:00:09Z";
        _server.Intercept = _ => FakeReply.Json(200, child);

        var instance = await _client.GetInstanceAsync("i-2");

        Assert.Equal(["credit", "fraud"], instance.CurrentStepIds);
        Assert.Equal("i-1", instance.ParentInstanceId);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 9, TimeSpan.Zero), instance.CompletedAt);
    }

    [Fact]
    public async Task GetInstanceAsync_reads_every_status()
    {
        string[] statuses = ["ACTIVE", "WAITING", "SUSPENDED", "COMPLETED", "FAILED", "CANCELLED"];
        _server.Intercept = request => FakeReply.Json(200, Instance("i-1", statuses[int.Parse(request.Path[^1..])]));

        var read = new List<InstanceStatus>();
        for (var i = 0; i < statuses.Length; i++)
        {
            read.Add((await _client.GetInstanceAsync($"i-{i}")).Status);
        }

        Assert.Equal(
            [InstanceStatus.Active, InstanceStatus.Waiting, InstanceStatus.Suspended, InstanceStatus.Completed, InstanceStatus.Failed, InstanceStatus.Cancelled],
            read);
    }

    [Fact]
    public async Task ListInstancesAsync_sends_the_filters_and_reads_the_page()
    {
        _server.Intercept = _ => FakeReply.Json(200, new JsonObject
        {
            ["items"] = new JsonArray(Instance("i-1", "COMPLETED")),
            ["page"] = 0,
            ["pageSize"] = 20,
            ["total"] = 1,
        });

        var page = await _client.ListInstancesAsync(definitionId: "order-pipeline", status: InstanceStatus.Completed, businessKey: "order 42&x");
        await _client.ListInstancesAsync(page: 3, pageSize: 50);

        Assert.Single(_server.RequestsTo("GET", "/v1/instances?page=0&pageSize=20&definitionId=order-pipeline&status=COMPLETED&businessKey=order%2042%26x"));
        Assert.Single(_server.RequestsTo("GET", "/v1/instances?page=3&pageSize=50"));
        Assert.Equal(InstanceStatus.Completed, Assert.Single(page.Items).Status);
        Assert.Equal(1, page.Total);
    }

    [Fact]
    public async Task GetHistoryAsync_reads_the_step_executions()
    {
        _server.Intercept = _ => FakeReply.Json(200, JsonNode.Parse(
            """
            {"items":[
              {"id":"s1","instanceId":"i-1","stepId":"receive-order","stepType":"SERVICE_TASK","status":"COMPLETED","attemptNumber":1,
               "input":{"value":21},"output":{"echoed":true},"failureReason":null,
               "startedAt":"2026-01-01T00:00:00Z","endedAt":"2026-01-01T00:00:01Z"},
              {"id":"s2","instanceId":"i-1","stepId":"double-value","stepType":"SERVICE_TASK","status":"FAILED","attemptNumber":2,
               "input":{"value":"x"},"output":null,"failureReason":"value must be an integer",
               "startedAt":"2026-01-01T00:00:02Z","endedAt":null}
            ]}
            """)!);

        var history = await _client.GetHistoryAsync("i-1");

        Assert.Single(_server.RequestsTo("GET", "/v1/instances/i-1/history"));
        Assert.Equal(2, history.Count);
        Assert.Equal("receive-order", history[0].StepId);
        Assert.Equal("SERVICE_TASK", history[0].StepType);
        Assert.Equal("COMPLETED", history[0].Status);
        Assert.True((bool)history[0].Output!["echoed"]!);
        Assert.Equal(1, history[0].AttemptNumber);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), history[0].StartedAt);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 1, TimeSpan.Zero), history[0].EndedAt);
        Assert.Equal(2, history[1].AttemptNumber);
        Assert.Null(history[1].Output);
        Assert.Equal("value must be an integer", history[1].FailureReason);
        Assert.Null(history[1].EndedAt);
    }

    [Fact]
    public async Task GetHistoryAsync_reads_an_empty_history()
    {
        _server.Intercept = _ => FakeReply.Json(200, JsonNode.Parse("""{"items":[]}""")!);

        Assert.Empty(await _client.GetHistoryAsync("i-1"));
    }

    [Fact]
    public async Task CancelInstanceAsync_sends_the_reason_and_reads_the_instance()
    {
        _server.Intercept = _ => FakeReply.Json(200, Instance("i-1", "CANCELLED"));

        var instance = await _client.CancelInstanceAsync("i-1", "customer changed their mind");
        await _client.CancelInstanceAsync("i-2");

        AssertBody("/v1/instances/i-1/cancel", """{"reason":"customer changed their mind"}""");
        AssertBody("/v1/instances/i-2/cancel", "{}");
        Assert.Equal(InstanceStatus.Cancelled, instance.Status);
    }

    [Fact]
    public async Task A_problem_answer_throws_WeftApiException_with_status_title_detail_and_error_code()
    {
        _server.Intercept = _ => FakeReply.Problem(409, "Conflict", "Job j1 is locked by worker w2, not w1.", "CONFLICT");

        var error = await Assert.ThrowsAsync<WeftApiException>(() => _client.CompleteJobAsync("j1", "w1", null));

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal("Conflict", error.Title);
        Assert.Equal("Job j1 is locked by worker w2, not w1.", error.Message);
        Assert.Equal("CONFLICT", error.ErrorCode);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task A_problem_without_an_error_code_has_a_null_ErrorCode()
    {
        _server.Intercept = _ => FakeReply.Problem(400, "Bad request", "maxJobs is 0.");

        var error = await Assert.ThrowsAsync<WeftApiException>(() => _client.PollJobsAsync("w1", ["a"], 0));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Null(error.ErrorCode);
    }

    [Fact]
    public async Task A_problem_without_detail_uses_its_message()
    {
        _server.Intercept = _ => new FakeReply(404, """{"title":"Not Found","message":"No instance 'nope'."}""", "application/problem+json");

        var error = await Assert.ThrowsAsync<WeftApiException>(() => _client.GetInstanceAsync("nope"));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("No instance 'nope'.", error.Message);
    }

    [Fact]
    public async Task An_error_that_is_not_json_uses_the_raw_body_or_the_status_line()
    {
        _server.Intercept = request => request.Path.EndsWith("/a", StringComparison.Ordinal)
            ? new FakeReply(502, "upstream connect error", "text/plain")
            : new FakeReply(503);

        var withBody = await Assert.ThrowsAsync<WeftApiException>(() => _client.GetInstanceAsync("a"));
        var withoutBody = await Assert.ThrowsAsync<WeftApiException>(() => _client.GetInstanceAsync("b"));

        Assert.Equal("upstream connect error", withBody.Message);
        Assert.Null(withBody.Title);
        Assert.Null(withBody.ErrorCode);
        Assert.True(withBody.IsTransient);
        Assert.Equal("503 Service Unavailable", withoutBody.Message);
    }

    [Fact]
    public void A_base_address_without_a_trailing_slash_keeps_its_path()
    {
        using var client = new WeftClient(new Uri("http://localhost:8080/weft"));

        Assert.Equal("http://localhost:8080/weft/", client.BaseAddress.AbsoluteUri);
    }

    private void AssertBody(string path, string expectedJson) => WireSamples.AssertPosted(_server, path, expectedJson);

    private static JsonObject Instance(string id, string status, params string[] currentStepIds) =>
        WireSamples.Instance(id, status, currentStepIds);
}
