using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;
using Weft.Testing;

namespace Weft.Server.Tests.Commands;

public sealed class GraphqlTests
{
    private static async Task<(HttpStatusCode Status, JsonObject Body)> QueryAsync(HttpClient http, string body)
    {
        using var response = await http.PostAsync(new Uri("/v1/graphql", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    private static string Request(string query, JsonObject? variables = null) =>
        new JsonObject { ["query"] = query, ["variables"] = variables }.ToJsonString();

    [Fact]
    public async Task An_instance_comes_with_its_tokens_history_and_jobs_in_one_query()
    {
        await using var server = await WeftTestServer.StartAsync(new FakeTimeProvider(), o => o.SweepInterval = TimeSpan.FromDays(1));
        await server.Client.UploadDefinitionAsync(TestDefinitions.Linear("gql"));
        var instance = await server.Client.StartInstanceAsync("gql", businessKey: "g-1");
        var job = Assert.Single(await server.Client.PollJobsAsync("w", ["step-a"], 1));
        await server.Client.CompleteJobAsync(job.Id, "w", []);

        var (status, body) = await QueryAsync(server.Http, Request(
            "query($id: String!) { instance(id: $id) { id status businessKey tokens { stepId status } history { stepId status } jobs { stepId status jobType } definition { id version } } }",
            new JsonObject { ["id"] = instance.Id }));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(body["errors"]);
        var found = body["data"]!["instance"]!;
        Assert.Equal("ACTIVE", (string?)found["status"]);
        Assert.Equal("b", (string?)found["tokens"]![0]!["stepId"]);
        Assert.Equal(["a", "b"], found["history"]!.AsArray().Select(h => (string)h!["stepId"]!));
        Assert.Equal(["COMPLETED", "UNLOCKED"], found["jobs"]!.AsArray().Select(j => (string)j!["status"]!));
        Assert.Equal("gql", (string?)found["definition"]!["id"]);
    }

    [Fact]
    public async Task Instances_filter_and_page()
    {
        await using var server = await WeftTestServer.StartAsync();
        await server.Client.UploadDefinitionAsync(TestDefinitions.Single("p", "p-job"));
        for (var i = 0; i < 5; i++)
        {
            await server.Client.StartInstanceAsync("p", businessKey: i == 0 ? "special" : null);
        }

        var (_, page) = await QueryAsync(server.Http, Request("{ instances(filter: {definitionId: \"p\"}, page: 1, pageSize: 2) { total page pageSize items { id } } }"));
        Assert.Equal(5, (int)page["data"]!["instances"]!["total"]!);
        Assert.Equal(2, page["data"]!["instances"]!["items"]!.AsArray().Count);
        var (_, keyed) = await QueryAsync(server.Http, Request("{ instances(filter: {businessKey: \"special\"}) { total } jobs(jobType: \"p-job\") { total } }"));
        Assert.Equal(1, (int)keyed["data"]!["instances"]!["total"]!);
        Assert.Equal(5, (int)keyed["data"]!["jobs"]!["total"]!);

        var (_, tooBig) = await QueryAsync(server.Http, Request("{ instances(pageSize: 101) { total } }"));
        Assert.Contains("between 1 and 100", tooBig["errors"]![0]!["message"]!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_deep_and_too_complex_queries_are_refused_in_errors()
    {
        await using var server = await WeftTestServer.StartAsync();
        var deep = "{ instances { items { definition { id } tokens { stepId } } } }"; // depth 4: fine
        var (_, ok) = await QueryAsync(server.Http, Request(deep));
        Assert.Null(ok["errors"]);

        var (status, tooDeep) = await QueryAsync(server.Http, Request(
            "{ __schema { types { fields { type { ofType { ofType { ofType { ofType { name } } } } } } } } }"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(tooDeep["data"]);
        Assert.Contains("depth", tooDeep["errors"]![0]!["message"]!.ToString(), StringComparison.OrdinalIgnoreCase);

        var wide = "{ instances { items { tokens { stepId } history { stepId progress { percent } } jobs { id progress { percent } } userTasks { id } timers { id } } } " +
                   "definitions { items { id } } jobs { items { id progress { percent message reportedAt } } } userTasks { items { id } } catalog { namespace } workers { workerId } }";
        var (_, tooWide) = await QueryAsync(server.Http, Request(string.Concat(Enumerable.Repeat(wide, 1)).Replace("{ instances", "{ a: instances", StringComparison.Ordinal)
            .TrimEnd('}') + " b: instances { items { tokens { stepId } history { stepId progress { percent message } } jobs { id progress { percent } } } } c: instances { items { history { progress { percent message reportedAt } } } } }"));
        Assert.Contains("complexity", tooWide["errors"]![0]!["message"]!.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("not json", HttpStatusCode.BadRequest)]
    [InlineData("{\"variables\": {}}", HttpStatusCode.BadRequest)]
    [InlineData("{\"query\": 5}", HttpStatusCode.BadRequest)]
    [InlineData("{\"query\": \"{ instances { total } }\", \"variables\": [1]}", HttpStatusCode.BadRequest)]
    public async Task A_malformed_request_is_a_400_problem(string body, HttpStatusCode expected)
    {
        await using var server = await WeftTestServer.StartAsync();
        using var response = await server.Http.PostAsync(new Uri("/v1/graphql", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Huge_query_text_and_deep_json_nesting_are_refused_with_400()
    {
        await using var server = await WeftTestServer.StartAsync();
        var (status, body) = await QueryAsync(server.Http, Request("{ instances { total } }" + new string(' ', 30_000)));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("the limit is 20,000", body.ToJsonString(), StringComparison.Ordinal);

        var nested = "{\"command\": \"ping\", \"args\": " + string.Concat(Enumerable.Repeat("{\"a\": ", 100)) + "1" + new string('}', 100) + "}";
        using var response = await server.Http.PostAsync(new Uri("/v1/commands", UriKind.Relative), new StringContent(nested, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
