using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;

namespace Weft.Server.Tests.Auth;

/// <summary>Every route group, asked with no key, a wrong key, a worker key and an admin key, of a server with keys.</summary>
public sealed class AuthMatrixTests(KeyedServerFixture fixture) : IClassFixture<KeyedServerFixture>
{
    private readonly WeftTestServer _server = fixture.Server;

    public static TheoryData<string, string, string?, bool> Routes => new()
    {
        // method, path, JSON body, whether a worker key may
        { "POST", "/v1/jobs/poll", """{"workerId": "w", "jobTypes": ["t"], "maxJobs": 1}""", true },
        { "POST", "/v1/jobs/job-1/complete", """{"workerId": "w", "variables": {}}""", true },
        { "POST", "/v1/jobs/job-1/fail", """{"workerId": "w", "errorMessage": "x", "retryable": true}""", true },
        { "POST", "/v1/jobs/job-1/heartbeat", """{"workerId": "w"}""", true },
        { "POST", "/v1/jobs/job-1/progress", """{"workerId": "w", "percent": 5}""", true },
        { "POST", "/v1/jobs/complete", """[{"jobId": "job-1", "workerId": "w"}]""", true },
        { "POST", "/v1/jobs/fail", """[{"jobId": "job-1", "workerId": "w", "errorMessage": "x"}]""", true },
        { "POST", "/v1/jobs/heartbeat", """[{"jobId": "job-1", "workerId": "w"}]""", true },
        { "POST", "/v1/jobs/progress", """[{"jobId": "job-1", "workerId": "w", "percent": 5}]""", true },
        { "GET", "/v1/jobs/job-1", null, true },
        { "PUT", "/v1/catalog/auth-test", """{"tasks": []}""", true },
        { "GET", "/v1/catalog", null, true },
        { "GET", "/v1/catalog/auth-test", null, true },
        { "POST", "/v1/commands", """{"command": "ping"}""", true },
        { "POST", "/v1/commands", """{"command": "list"}""", false },
        { "POST", "/v1/commands", """{"command": "cancel", "args": {"selector": "*/*"}}""", false },
        { "POST", "/v1/definitions", """{"id": "auth-test", "steps": [{"id": "end", "type": "END"}]}""", false },
        { "GET", "/v1/definitions", null, false },
        { "GET", "/v1/definitions/auth-test", null, false },
        { "POST", "/v1/instances", """{"definitionId": "auth-test"}""", false },
        { "GET", "/v1/instances", null, false },
        { "GET", "/v1/instances/i-1", null, false },
        { "GET", "/v1/instances/i-1/history", null, false },
        { "POST", "/v1/instances/i-1/cancel", "{}", false },
        { "POST", "/v1/instances/i-1/suspend", null, false },
        { "POST", "/v1/instances/i-1/resume", null, false },
        { "POST", "/v1/instances/i-1/retry", null, false },
        { "POST", "/v1/instances/i-1/signals/wait", "{}", false },
        { "GET", "/v1/user-tasks", null, false },
        { "GET", "/v1/user-tasks/t-1", null, false },
        { "POST", "/v1/user-tasks/t-1/complete", "{}", false },
        { "POST", "/v1/instances/i-1/user-tasks/approve/complete", "{}", false },
        { "GET", "/v1/workers", null, false },
        { "POST", "/v1/graphql", """{"query": "{ workers { id } }"}""", false },
        { "GET", "/openapi/v1.json", null, false },
        { "GET", "/metrics", null, false },
        { "GET", "/v1/events?lastEventId=not-a-number", null, false }, // past the key check, a 400 at once rather than an endless stream
        { "GET", "/no/such/route", null, false },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Without_a_key_every_route_answers_401_with_a_bearer_challenge(string method, string path, string? body, bool workerMay)
    {
        _ = workerMay;
        using var response = await SendAsync(null, method, path, body);

        var problem = await ProblemAssert.IsProblemAsync(response, 401, "needs an API key");
        Assert.Equal("UNAUTHORIZED", problem["error"]!.GetValue<string>());
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task With_a_wrong_key_every_route_answers_401(string method, string path, string? body, bool workerMay)
    {
        _ = workerMay;
        using var response = await SendAsync(Keys.Wrong, method, path, body);

        await ProblemAssert.IsProblemAsync(response, 401, "not one this server knows");
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_worker_key_passes_on_worker_routes_and_gets_403_on_the_others(string method, string path, string? body, bool workerMay)
    {
        using var response = await SendAsync(Keys.Worker, method, path, body);

        if (workerMay)
        {
            Assert.False(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        else
        {
            var problem = await ProblemAssert.IsProblemAsync(response, 403, "needs an admin key");
            Assert.Equal("FORBIDDEN", problem["error"]!.GetValue<string>());
        }
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task An_admin_key_passes_everywhere(string method, string path, string? body, bool workerMay)
    {
        _ = workerMay;
        using var response = await SendAsync(Keys.Admin, method, path, body);

        Assert.False(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task Healthz_needs_no_key()
    {
        using var http = Keys.Http(_server, null);

        using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_worker_key_runs_ping_and_the_command_answers()
    {
        using var http = Keys.Http(_server, Keys.Worker);

        using var response = await http.PostAsync(new Uri("/v1/commands", UriKind.Relative), new StringContent("""{"command": "ping"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.False(string.IsNullOrEmpty(answer["data"]?["runId"]?.GetValue<string>()), answer.ToJsonString());
    }

    [Theory]
    [InlineData("Basic YWRtaW46eA==")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("admin-key-5d1f0c8e9b7a4f2e")]
    public async Task A_header_that_is_not_a_bearer_key_counts_as_no_key(string header)
    {
        using var http = new HttpClient { BaseAddress = _server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/instances");
        request.Headers.TryAddWithoutValidation("Authorization", header);

        using var response = await http.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, 401, "needs an API key");
    }

    [Fact]
    public async Task A_key_that_is_a_prefix_or_extension_of_a_right_key_is_wrong()
    {
        foreach (var key in new[] { Keys.Admin[..^1], Keys.Admin + "x", Keys.Admin.ToUpperInvariant() })
        {
            using var response = await SendAsync(key, "GET", "/v1/instances", null);
            await ProblemAssert.IsProblemAsync(response, 401, "not one this server knows");
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string? key, string method, string path, string? body)
    {
        using var http = Keys.Http(_server, key);
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
