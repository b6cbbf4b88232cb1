using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;
using Weft.Testing;
using Weft.Worker.Client;

namespace Weft.Server.Tests.BadInput;

/// <summary>
/// Regression tests for the hostile inputs of issue 6: each was accepted (or crashed the server) before, and is now
/// refused at the door with a 4xx that says what is wrong, or works. Numbers refer to the issue's list of defects.
/// </summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    private WeftTestServer _server = null!;
    private HttpClient Http => _server.Http;

    public async Task InitializeAsync()
    {
        _server = await WeftTestServer.StartAsync();
        await _server.Client.UploadDefinitionAsync(TestDefinitions.Single("known", "work", retryCount: 1));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact(Timeout = 60_000)]
    public async Task D1_a_yaml_alias_bomb_is_refused_before_it_expands()
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        var yaml = new StringBuilder("id: bomb\nsteps:\n  - {id: a, type: END}\nmetadata:\n");
        yaml.Append("  l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var level = 1; level < 8; level++)
        {
            yaml.Append($"  l{level}: &l{level} [{string.Join(", ", Enumerable.Repeat($"*l{level - 1}", 10))}]\n");
        }

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var response = await Http.PostAsync("/v1/definitions", Yaml(yaml.ToString()));

        await ProblemAssert.IsProblemAsync(response, 400, "sets the YAML anchor '&l0' (line 5); Weft does not take anchors or aliases");
        Assert.True(GC.GetTotalMemory(forceFullCollection: true) - before < 50_000_000, "the alias bomb was expanded");
    }

    [Fact]
    public async Task D1_a_single_yaml_alias_is_refused_too()
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        var response = await Http.PostAsync("/v1/definitions", Yaml("id: alias\nsteps:\n  - {id: a, type: END}\nmetadata: {a: 1, b: *a}\n"));
        await ProblemAssert.IsProblemAsync(response, 400, "uses the YAML alias '*a'");
    }

    [Theory]
    [InlineData("""{"initial": "P10675199D", "max": "P10675199D"}""", null, "retryBackoff.initial 'P10675199D' is longer than 100 years")]
    [InlineData(null, "P3000000D", "timeout 'P3000000D' is longer than 100 years")]
    [InlineData(null, "PT0S", "timeout 'PT0S' is shorter than PT1S")]
    public async Task D2_durations_that_would_overflow_or_mean_nothing_are_refused_at_upload(string? backoff, string? timeout, string says)
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        var extra = (backoff is null ? "" : $", \"retryBackoff\": {backoff}") + (timeout is null ? "" : $", \"timeout\": \"{timeout}\"");
        var response = await Http.PostJsonTextAsync("/v1/definitions", TestDefinitions.Single("long-waits", "w", extra: extra));
        await ProblemAssert.IsProblemAsync(response, 400, says);
    }

    [Fact]
    public async Task D3_duplicate_keys_in_start_variables_are_refused_naming_the_key()
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        var response = await Http.PostJsonTextAsync("/v1/instances", """{"definitionId": "known", "variables": {"a": 1, "a": 2}}""");
        await ProblemAssert.IsProblemAsync(response, 400, "the key 'a' appears twice in variables");
    }

    [Fact]
    public async Task D3_duplicate_keys_in_completion_variables_are_refused_and_the_job_stays_held()
    {
        var instance = await _server.Client.StartInstanceAsync("known");
        var job = Assert.Single(await _server.Client.PollJobsAsync("w", ["work"], 1));

        var response = await Http.PostJsonTextAsync($"/v1/jobs/{job.Id}/complete", """{"workerId": "w", "variables": {"total": 1, "total": 2}}""");

        await ProblemAssert.IsProblemAsync(response, 400, "the key 'total' appears twice in variables");
        await _server.Client.CompleteJobAsync(job.Id, "w", new JsonObject { ["total"] = 3 });
        var completed = await _server.Client.GetInstanceAsync(instance.Id);
        Assert.Equal(InstanceStatus.Completed, completed.Status);
        Assert.Equal(3, completed.Variables!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task D3_duplicate_keys_in_a_json_definition_are_refused_not_last_one_wins()
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        var response = await Http.PostJsonTextAsync("/v1/definitions", """{"id": "dupA", "id": "dupB", "steps": [{"id": "a", "type": "END"}]}""");
        await ProblemAssert.IsProblemAsync(response, 400, "the key 'id' appears twice in the document");
    }

    [Theory]
    [InlineData("/v1/instances", """{"definitionId": "known", "variables": {"a": "\udc00"}}""", "the text at variables.a is not valid Unicode")]
    [InlineData("/v1/instances", """{"definitionId": "known", "variables": {"\udc00": 1}}""", "a key in variables is not valid Unicode")]
    [InlineData("/v1/instances", """{"definitionId": "known", "businessKey": "\udc00"}""", "the text at businessKey is not valid Unicode")]
    [InlineData("/v1/jobs/poll", """{"workerId": "\ud800", "jobTypes": ["work"]}""", "the text at workerId is not valid Unicode")]
    [InlineData("/v1/definitions", """{"id": "x", "name": "\udc00", "steps": []}""", "the text at name is not valid Unicode")]
    public async Task D4_lone_surrogates_are_refused_saying_what_is_wrong(string path, string body, string says)
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        var problem = await ProblemAssert.IsProblemAsync(await Http.PostJsonTextAsync(path, body), 400, says);
        Assert.Contains("lone UTF-16 surrogate", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task D4_a_lone_surrogate_in_a_cancel_reason_is_refused_and_the_instance_stays_active()
    {
        var instance = await _server.Client.StartInstanceAsync("known");
        var response = await Http.PostJsonTextAsync($"/v1/instances/{instance.Id}/cancel", """{"reason": "\udc00"}""");
        await ProblemAssert.IsProblemAsync(response, 400, "the text at reason is not valid Unicode");
        Assert.Equal(InstanceStatus.Active, (await _server.Client.GetInstanceAsync(instance.Id)).Status);
    }

    [Fact]
    public async Task D5_a_blank_job_type_is_refused_at_upload()
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        var response = await Http.PostJsonTextAsync("/v1/definitions", TestDefinitions.Single("blank", "   "));
        await ProblemAssert.IsProblemAsync(response, 400, "Step 'work': jobType is blank");
    }

    [Fact]
    public async Task D5_a_poll_naming_100000_job_types_is_a_400()
    {
        var types = string.Join(",", Enumerable.Range(0, 100_000).Select(i => $"\"t{i}\""));
        var response = await Http.PostJsonTextAsync("/v1/jobs/poll", $$"""{"workerId": "w", "jobTypes": [{{types}}]}""");
        await ProblemAssert.IsProblemAsync(response, 400, "jobTypes lists 100,000 job types; one poll may name at most 256");
    }

    [Theory]
    [InlineData("""{"workerId": "w", "jobTypes": ["work"], "maxJobs": "5"}""", "maxJobs has the wrong type: expected a whole number")]
    [InlineData("""{"workerId": "w", "jobTypes": ["work"], "waitMs": "10"}""", "waitMs has the wrong type: expected a whole number")]
    [InlineData("""{"workerId": "w", "jobTypes": ["work"], "maxJobs": 1.5}""", "maxJobs has the wrong type: expected a whole number")]
    [InlineData("""{"workerId": "w", "jobTypes": ["work"], "maxJobs": 99999999999999999999}""", "maxJobs has the wrong type: expected a whole number")]
    public async Task D5_numbers_sent_as_strings_or_fractions_are_refused(string body, string says) =>
        await ProblemAssert.IsProblemAsync(await Http.PostJsonTextAsync("/v1/jobs/poll", body), 400, says);

    [Fact]
    public async Task D5_a_huge_maxJobs_or_waitMs_is_shortened_not_refused()
    {
        var instance = await _server.Client.StartInstanceAsync("known");

        var response = await Http.PostJsonTextAsync(
            "/v1/jobs/poll", """{"workerId": "w", "jobTypes": ["work"], "maxJobs": 1000000000, "waitMs": 2147483648}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var jobs = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["jobs"]!.AsArray();
        Assert.Equal(instance.Id, Assert.Single(jobs)!["instanceId"]!.GetValue<string>());
    }

    [Fact]
    public async Task D6_a_3_MB_error_message_is_stored_cut_to_4096_characters()
    {
        var instance = await _server.Client.StartInstanceAsync("known");
        var job = Assert.Single(await _server.Client.PollJobsAsync("w", ["work"], 1));

        await _server.Client.FailJobAsync(job.Id, "w", new string('e', 3_000_000), retryable: false);

        var failed = await _server.Client.GetInstanceAsync(instance.Id);
        Assert.Equal(InstanceStatus.Failed, failed.Status);
        Assert.EndsWith("… [cut at 4,096 of 3,000,000 characters]", failed.FailureReason, StringComparison.Ordinal);
        Assert.True(failed.FailureReason!.Length < 4_300);
        var attempt = Assert.Single(await _server.Client.GetHistoryAsync(instance.Id));
        Assert.True(attempt.FailureReason!.Length < 4_300);
    }

    [Fact]
    public async Task D6_a_3_MB_cancel_reason_is_stored_cut_to_4096_characters()
    {
        var instance = await _server.Client.StartInstanceAsync("known");

        await _server.Client.CancelInstanceAsync(instance.Id, new string('r', 3_000_000));

        var cancelled = await _server.Client.GetInstanceAsync(instance.Id);
        Assert.Equal(InstanceStatus.Cancelled, cancelled.Status);
        Assert.EndsWith("… [cut at 4,096 of 3,000,000 characters]", cancelled.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task D7_a_url_over_8_KB_is_a_414_problem()
    {
        var response = await Http.GetAsync($"/v1/instances/{new string('a', 9_000)}");
        await ProblemAssert.IsProblemAsync(response, 414, "The URL is 9,014 characters long; the limit is 8,192");
    }

    [Theory]
    [InlineData("GET /v1/instances/a%00b HTTP/1.1", 400, "a NUL (%00)")]
    [InlineData("GET /v1/instances/\u00e9 HTTP/1.1", 400, "not ASCII in the URL")]
    [InlineData("GET /healthz HTTP/2.0", 400, "send HTTP/1.1")]
    public async Task D7_requests_that_are_not_valid_http_get_a_problem_body_too(string requestLine, int status, string says)
    {
        var answer = await RawHttp.SendAsync(_server.BaseAddress, $"{requestLine}\r\nHost: x\r\n\r\n");

        AssertRawProblem(answer, status, says);
    }

    [Fact]
    public async Task D7_headers_over_the_limit_get_a_431_problem()
    {
        var answer = await RawHttp.SendAsync(_server.BaseAddress, $"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: {new string('a', 40_000)}\r\n\r\n");
        AssertRawProblem(answer, 431, "headers are larger");
    }

    [Fact]
    public async Task D7_a_refusal_after_a_good_request_on_the_same_connection_leaves_the_first_answer_as_it_was()
    {
        var answer = await RawHttp.SendAsync(_server.BaseAddress, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /v1/%00 HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("{\"status\":\"ok\"}", answer, StringComparison.Ordinal);
        AssertRawProblem(answer[answer.IndexOf("HTTP/1.1 400", StringComparison.Ordinal)..], 400, "a NUL (%00)");
    }

    private static void AssertRawProblem(string answer, int status, string says)
    {
        var split = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var (head, body) = (answer[..split], answer[(split + 4)..]);
        Assert.StartsWith($"HTTP/1.1 {status} ", head, StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Type: application/problem+json\r\n", head, StringComparison.Ordinal);
        Assert.Contains($"\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n", head, StringComparison.Ordinal);
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal(status, problem["status"]!.GetValue<int>());
        Assert.Equal($"urn:weft:problem:{status}", problem["type"]!.GetValue<string>());
        Assert.Equal(problem["detail"]!.GetValue<string>(), problem["message"]!.GetValue<string>());
        Assert.Contains(says, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task D7_an_unknown_openapi_document_is_a_404_problem()
    {
        await ProblemAssert.IsProblemAsync(await Http.GetAsync("/openapi/v2.json"), 404, "No such route");
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task D7_a_definition_without_a_content_type_is_a_415_problem()
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(TestDefinitions.Single("untyped", "w")));
        await ProblemAssert.IsProblemAsync(await Http.PostAsync("/v1/definitions", content), 415, "Content-Type: application/json, or as YAML");
    }

    [Theory]
    [InlineData("ACTIVE,COMPLETED")]
    [InlineData("1")]
    public async Task A_status_filter_that_is_not_one_status_name_is_refused(string status) =>
        await ProblemAssert.IsProblemAsync(await Http.GetAsync($"/v1/instances?status={status}"), 400, $"status '{status}' is unknown");

    [Theory]
    [InlineData("\"retryCount\": \"3\"", "steps[0].retryCount has the wrong type: expected a whole number")]
    [InlineData("\"retryBackoff\": {\"factor\": \"2\"}", "steps[0].retryBackoff.factor has the wrong type: expected a number")]
    public async Task Numbers_written_as_strings_in_a_definition_are_refused(string field, string says)
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        var json = $$"""{"id": "strings", "steps": [{"id": "a", "type": "SERVICE_TASK", {{field}}, "nextStep": "end"}, {"id": "end", "type": "END"}]}""";
        await ProblemAssert.IsProblemAsync(await Http.PostJsonTextAsync("/v1/definitions", json), 400, says);
    }

    [Fact]
    public async Task A_service_task_without_a_next_step_is_refused_even_with_other_ways_out()
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        var json = """{"id": "no-next", "steps": [{"id": "a", "type": "SERVICE_TASK", "conditionalNextSteps": {"true": "end"}}, {"id": "end", "type": "END"}]}""";
        await ProblemAssert.IsProblemAsync(await Http.PostJsonTextAsync("/v1/definitions", json), 400, "Step 'a' (SERVICE_TASK) has no next step");
    }

    [Fact]
    public async Task A_yaml_escape_of_surrogates_out_of_order_is_a_400()
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        var yaml = "id: \"x\\udc00\\ud800y\"\nsteps:\n  - {id: a, type: END}\n";
        await ProblemAssert.IsProblemAsync(await Http.PostAsync("/v1/definitions", Yaml(yaml)), 400, "not valid Unicode");
    }

    [Fact]
    public async Task D8_a_multi_document_yaml_upload_is_refused()
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        var yaml = "id: first\nsteps:\n  - {id: a, type: END}\n---\nid: second\nsteps:\n  - {id: a, type: END}\n";
        await ProblemAssert.IsProblemAsync(await Http.PostAsync("/v1/definitions", Yaml(yaml)), 400, "more than one YAML document (the second starts at line 4)");
    }

    [Fact]
    public async Task D10_a_lease_that_ran_out_during_an_outage_still_lets_its_worker_complete()
    {
        var time = new FakeTimeProvider();
        var first = await WeftTestServer.StartAsync(time, o => o.SweepInterval = TimeSpan.FromDays(1));
        await first.Client.UploadDefinitionAsync(TestDefinitions.Single("outage", "work", extra: ", \"timeout\": \"PT5S\""));
        var instance = await first.Client.StartInstanceAsync("outage");
        var job = Assert.Single(await first.Client.PollJobsAsync("w", ["work"], 1));
        await first.StopAsync();

        time.Advance(TimeSpan.FromSeconds(8)); // no server: the 5 s lease runs out
        await using var second = await WeftTestServer.StartAsync(time, o => o.SweepInterval = TimeSpan.FromDays(1), folder: first.Folder);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, (await second.Engine.Jobs.ExpireLeasesAsync()).Handled);
        await second.Client.CompleteJobAsync(job.Id, "w", new JsonObject { ["done"] = true });

        Assert.Equal(InstanceStatus.Completed, (await second.Client.GetInstanceAsync(instance.Id)).Status);
    }

    private static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");
}
