using System.Net;
using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;
using Weft.Worker.Client;

namespace Weft.Server.Tests.BadInput;

/// <summary>Every kind of bad request gets a 4xx problem+json that says what to fix, and changes nothing.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private WeftTestServer _server = null!;
    private HttpClient Http => _server.Http;

    public async Task InitializeAsync()
    {
        _server = await WeftTestServer.StartAsync(configure: o =>
        {
            o.MaxRequestBodyBytes = 64 * 1024;
            o.Engine.MaxVariablesBytes = 8 * 1024;
        });
        await _server.Client.UploadDefinitionAsync(TestDefinitions.Single("known", "work"));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("/v1/definitions")]
    [InlineData("/v1/instances")]
    [InlineData("/v1/jobs/poll")]
    [InlineData("/v1/jobs/some-job/complete")]
    [InlineData("/v1/jobs/some-job/fail")]
    [InlineData("/v1/jobs/some-job/heartbeat")]
    public async Task Malformed_json_is_a_400_that_points_at_the_position(string path)
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        var response = await Http.PostJsonTextAsync(path, """{"id": "known", oops}""");
        await ProblemAssert.IsProblemAsync(response, 400, "not valid JSON (line 1, byte 17)");
    }

    [Fact]
    public async Task A_definition_with_problems_is_refused_with_every_problem_listed()
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        var response = await Http.PostJsonTextAsync("/v1/definitions", """
            {
              "id": "broken",
              "steps": [
                { "id": "a", "type": "SERVICE_TASK", "nextStep": "missing" },
                { "id": "a", "type": "TELEPORT" },
                { "id": "orphan", "type": "USER_TASK", "nextStep": "a" }
              ]
            }
            """);
        var problem = await ProblemAssert.IsProblemAsync(response, 400, "The definition 'broken' has");
        var problems = problem["problems"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.Contains(problems, p => p.Contains("nextStep points to 'missing'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'a' is used more than once", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("unknown type 'TELEPORT'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'orphan' cannot be reached", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("No END step can be reached", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"id": "t", "steps": [{"id": "a", "type": "END", "retryCount": "three"}]}""", "steps[0].retryCount has the wrong type: expected a whole number")]
    [InlineData("""{"id": "t", "stpes": []}""", "unknown field 'stpes'")]
    [InlineData("""[1, 2]""", "the document has the wrong type: expected an object")]
    [InlineData("", "The definition is empty")]
    public async Task An_unreadable_definition_says_which_field_is_wrong(string body, string says)
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        await ProblemAssert.IsProblemAsync(await Http.PostJsonTextAsync("/v1/definitions", body), 400, says);
    }

    [Fact]
    public async Task Invalid_yaml_is_a_400_with_line_and_column()
    {
        var content = new StringContent("id: x\nsteps: [\n  - {", System.Text.Encoding.UTF8, "application/yaml");
        await ProblemAssert.IsProblemAsync(await Http.PostAsync("/v1/definitions", content), 400, "not valid YAML (line");
    }

    [Fact]
    public async Task Deeply_nested_documents_are_400_and_the_server_stays_up()
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        var yaml = new StringContent($"id: x\nsteps: {new string('[', 30_000)}{new string(']', 30_000)}", System.Text.Encoding.UTF8, "application/yaml");
        await ProblemAssert.IsProblemAsync(await Http.PostAsync("/v1/definitions", yaml), 400, "nested more than 64 levels deep");

        var json = "{\"definitionId\": \"known\", \"variables\": {\"a\": " + new string('[', 10_000) + new string(']', 10_000) + "}}";
        await ProblemAssert.IsProblemAsync(await Http.PostJsonTextAsync("/v1/instances", json), 400, "maximum configured depth of 64");

        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync("/healthz")).StatusCode);
    }

    [Theory]
    [InlineData("/v1/definitions/nope", "Definition 'nope' does not exist")]
    [InlineData("/v1/definitions/known/versions/9", "Definition 'known' has no version 9; its latest version is 1")]
    [InlineData("/v1/instances/nope", "Instance 'nope' does not exist")]
    [InlineData("/v1/instances/nope/history", "Instance 'nope' does not exist")]
    [InlineData("/v1/no-such-route", "No such route")]
    public async Task Unknown_ids_are_404_problems(string path, string says) =>
        await ProblemAssert.IsProblemAsync(await Http.GetAsync(path), 404, says);

    [Fact]
    public async Task Unknown_ids_in_commands_are_404_and_change_nothing()
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        await ProblemAssert.IsProblemAsync(
            await Http.PostObjectAsync("/v1/instances", new { definitionId = "nope" }), 404, "Definition 'nope' does not exist");
        await ProblemAssert.IsProblemAsync(await Http.PostObjectAsync("/v1/instances/nope/cancel", new { }), 404, "Instance 'nope' does not exist");
        await ProblemAssert.IsProblemAsync(
            await Http.PostObjectAsync("/v1/jobs/nope/complete", new { workerId = "w" }), 404, "Job 'nope' does not exist");
        await ProblemAssert.IsProblemAsync(
            await Http.PostObjectAsync("/v1/jobs/nope/fail", new { workerId = "w", errorMessage = "x" }), 404, "Job 'nope' does not exist");
    }

    [Theory]
    [InlineData("""{"definitionId": "known", "variables": 5}""", "variables has the wrong type: expected an object")]
    [InlineData("""{"definitionId": "known", "version": "latest"}""", "version has the wrong type: expected a whole number")]
    [InlineData("""{"variables": {}}""", "definitionId is required")]
    [InlineData("""{"definitionId": "known", "businessKey": 42}""", "businessKey has the wrong type: expected a string")]
    public async Task A_bad_start_request_says_what_to_send(string body, string says)
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        await ProblemAssert.IsProblemAsync(await Http.PostJsonTextAsync("/v1/instances", body), 400, says);
    }

    [Theory]
    [InlineData("""{"jobTypes": ["work"], "maxJobs": 1}""", "workerId is required")]
    [InlineData("""{"workerId": "w", "maxJobs": 1}""", "jobTypes must list at least one job type")]
    [InlineData("""{"workerId": "w", "jobTypes": ["work"], "maxJobs": 0}""", "maxJobs is 0")]
    [InlineData("""{"workerId": "w", "jobTypes": ["work"], "maxJobs": "many"}""", "maxJobs has the wrong type")]
    [InlineData("""{"workerId": "w", "jobTypes": ["work"], "maxJobs": 1, "waitMs": -5}""", "waitMs is -5; it must be 0")]
    public async Task A_bad_poll_says_what_to_send(string body, string says) =>
        await ProblemAssert.IsProblemAsync(await Http.PostJsonTextAsync("/v1/jobs/poll", body), 400, says);

    [Fact]
    public async Task Bad_list_filters_are_400()
    {
        await ProblemAssert.IsProblemAsync(await Http.GetAsync("/v1/instances?status=DONE"), 400, "status 'DONE' is unknown; use one of ACTIVE");
        await ProblemAssert.IsProblemAsync(await Http.GetAsync("/v1/instances?pageSize=0"), 400, "pageSize is 0");
        await ProblemAssert.IsProblemAsync(await Http.GetAsync("/v1/instances?page=-1"), 400, "page is -1");
        await ProblemAssert.IsProblemAsync(await Http.GetAsync("/v1/instances?page=two"), 400, "page");
    }

    [Fact]
    public async Task An_oversize_body_is_413_and_changes_nothing()
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        var huge = new JsonObject { ["blob"] = new string('x', 100 * 1024) };
        var response = await Http.PostObjectAsync("/v1/instances", new { definitionId = "known", variables = huge });
        await ProblemAssert.IsProblemAsync(response, 413, "larger than this server accepts");
    }

    [Fact]
    public async Task Oversize_variables_are_413_naming_the_limit()
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        var big = new JsonObject { ["blob"] = new string('x', 10 * 1024) };
        var response = await Http.PostObjectAsync("/v1/instances", new { definitionId = "known", variables = big });
        await ProblemAssert.IsProblemAsync(response, 413, "the limit is 8,192");
    }

    [Fact]
    public async Task Oversize_completion_variables_are_413_and_the_job_stays_held()
    {
        await _server.Client.StartInstanceAsync("known");
        var job = Assert.Single(await _server.Client.PollJobsAsync("w", ["work"], 1));
        var big = new JsonObject { ["blob"] = new string('x', 10 * 1024) };
        await ProblemAssert.IsProblemAsync(
            await Http.PostObjectAsync($"/v1/jobs/{job.Id}/complete", new { workerId = "w", variables = big }), 413, "The completion's variables are");
        await _server.Client.CompleteJobAsync(job.Id, "w", new JsonObject { ["small"] = 1 });
    }

    [Fact]
    public async Task Only_the_worker_holding_the_lease_may_complete_or_fail()
    {
        var instance = await _server.Client.StartInstanceAsync("known");
        var job = Assert.Single(await _server.Client.PollJobsAsync("holder", ["work"], 1));

        await ProblemAssert.IsProblemAsync(
            await Http.PostObjectAsync($"/v1/jobs/{job.Id}/complete", new { workerId = "thief", variables = new { } }), 409,
            "is held by worker 'holder', not 'thief'");
        await ProblemAssert.IsProblemAsync(
            await Http.PostObjectAsync($"/v1/jobs/{job.Id}/fail", new { workerId = "thief", errorMessage = "x" }), 409, "held by worker 'holder'");
        await ProblemAssert.IsProblemAsync(
            await Http.PostObjectAsync($"/v1/jobs/{job.Id}/complete", new { variables = new { } }), 400, "workerId is required");
        Assert.Equal(InstanceStatus.Active, (await _server.Client.GetInstanceAsync(instance.Id)).Status);
        Assert.Equal("RUNNING", Assert.Single(await _server.Client.GetHistoryAsync(instance.Id)).Status);
    }

    [Fact]
    public async Task A_second_identical_completion_is_a_no_op_and_a_different_one_is_409()
    {
        var instance = await _server.Client.StartInstanceAsync("known");
        var job = Assert.Single(await _server.Client.PollJobsAsync("w", ["work"], 1));
        var body = new { workerId = "w", variables = new { total = 10 } };

        Assert.Equal(HttpStatusCode.NoContent, (await Http.PostObjectAsync($"/v1/jobs/{job.Id}/complete", body)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Http.PostObjectAsync($"/v1/jobs/{job.Id}/complete", body)).StatusCode);
        await ProblemAssert.IsProblemAsync(
            await Http.PostObjectAsync($"/v1/jobs/{job.Id}/complete", new { workerId = "w", variables = new { total = 11 } }), 409, "already completed");
        await ProblemAssert.IsProblemAsync(
            await Http.PostObjectAsync($"/v1/jobs/{job.Id}/fail", new { workerId = "w", errorMessage = "late" }), 409, "already completed");

        Assert.Equal(2, (await _server.Client.GetHistoryAsync(instance.Id)).Count); // work + end, once each
        Assert.Equal(10, (await _server.Client.GetInstanceAsync(instance.Id)).Variables!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Completing_a_job_that_was_never_polled_is_409()
    {
        await _server.Client.StartInstanceAsync("known");
        var job = (await _server.Engine.Store.ListInstancesAsync(new Engine.Instances.InstanceQuery("known")))
            .Items.Select(i => i.Id).First();
        var open = await OpenJobIdAsync(job);
        await ProblemAssert.IsProblemAsync(
            await Http.PostObjectAsync($"/v1/jobs/{open}/complete", new { workerId = "w" }), 409, "its lease was lost or it was never polled");
    }

    [Fact]
    public async Task Cancelling_with_a_bad_body_is_400_and_keeps_the_instance()
    {
        var instance = await _server.Client.StartInstanceAsync("known");
        await ProblemAssert.IsProblemAsync(await Http.PostJsonTextAsync($"/v1/instances/{instance.Id}/cancel", "{nope"), 400, "not valid JSON");
        Assert.Equal(InstanceStatus.Active, (await _server.Client.GetInstanceAsync(instance.Id)).Status);
    }

    [Fact]
    public async Task A_wrong_method_is_405_and_a_body_that_is_not_json_is_415()
    {
        await ProblemAssert.IsProblemAsync(await Http.DeleteAsync("/v1/instances/x"), 405, "DELETE is not allowed on /v1/instances/x");
        await ProblemAssert.IsProblemAsync(await Http.GetAsync("/v1/jobs/x/complete"), 405, "GET is not allowed");
        var text = new StringContent("""{"definitionId": "known"}""", System.Text.Encoding.UTF8, "text/plain");
        await ProblemAssert.IsProblemAsync(await Http.PostAsync("/v1/instances", text), 415, "Content-Type: application/json");
    }

    [Fact]
    public async Task Cancel_takes_an_optional_json_body_and_refuses_other_content()
    {
        var instance = await _server.Client.StartInstanceAsync("known");
        var text = new StringContent("stop it", System.Text.Encoding.UTF8, "text/plain");
        await ProblemAssert.IsProblemAsync(await Http.PostAsync($"/v1/instances/{instance.Id}/cancel", text), 415, "Content-Type: application/json");
        Assert.Equal(InstanceStatus.Active, (await _server.Client.GetInstanceAsync(instance.Id)).Status);
        var untyped = new ByteArrayContent("""{"reason": "x"}"""u8.ToArray());
        await ProblemAssert.IsProblemAsync(
            await Http.PostAsync($"/v1/instances/{instance.Id}/cancel", untyped), 415, "Send the body as JSON with the header Content-Type: application/json.");
        var otherCharset = new StringContent("""{"reason": "x"}""", System.Text.Encoding.UTF8, "application/json");
        otherCharset.Headers.ContentType!.CharSet = "latin1";
        await ProblemAssert.IsProblemAsync(
            await Http.PostAsync($"/v1/instances/{instance.Id}/cancel", otherCharset), 415, "declared as charset 'latin1'; Weft reads request bodies as UTF-8");
        Assert.Equal(InstanceStatus.Active, (await _server.Client.GetInstanceAsync(instance.Id)).Status);

        Assert.Equal(HttpStatusCode.OK, (await Http.PostAsync($"/v1/instances/{instance.Id}/cancel", null)).StatusCode);
        Assert.Equal(InstanceStatus.Cancelled, (await _server.Client.GetInstanceAsync(instance.Id)).Status);
    }

    private async Task<string> OpenJobIdAsync(string instanceId)
    {
        await using var transaction = await _server.Engine.Store.BeginAsync();
        return Assert.Single((await transaction.LoadInstanceAsync(instanceId))!.Jobs).Id;
    }
}
