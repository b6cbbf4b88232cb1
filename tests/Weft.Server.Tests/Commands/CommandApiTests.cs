using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;
using Weft.Testing;

namespace Weft.Server.Tests.Commands;

public sealed class CommandApiTests
{
    private static readonly TimeSpan NoSweeps = TimeSpan.FromDays(1);

    [Fact]
    public async Task Ping_answers_data_with_version_run_id_and_time()
    {
        await using var server = await WeftTestServer.StartAsync();
        var data = await CommandClient.DataAsync(server.Http, "ping");
        Assert.False(string.IsNullOrEmpty((string?)data["version"]));
        Assert.False(string.IsNullOrEmpty((string?)data["runId"]));
        Assert.NotNull(data["time"]);
    }

    [Theory]
    [InlineData("not json", "could not be read")]
    [InlineData("[1, 2]", "must be a JSON object")]
    [InlineData("{}", "needs 'command'")]
    [InlineData("{\"command\": 5}", "'command' must be a string")]
    [InlineData("{\"command\": \"ping\", \"args\": [1]}", "'args' must be a JSON object")]
    [InlineData("{\"command\": \"ping\", \"extra\": 1}", "takes only 'command' and 'args'")]
    public async Task A_malformed_envelope_is_a_400_problem(string body, string expected)
    {
        await using var server = await WeftTestServer.StartAsync();
        using var response = await server.Http.PostAsync(new Uri("/v1/commands", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_command_is_a_handled_error_naming_the_closest_first()
    {
        await using var server = await WeftTestServer.StartAsync();
        var error = await CommandClient.ErrorAsync(server.Http, "retri");
        Assert.Equal("UNKNOWN_COMMAND", (string?)error["code"]);
        Assert.StartsWith("There is no command 'retri'. Known commands, closest first: retry,", (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_args_are_handled_errors_that_name_the_argument()
    {
        await using var server = await WeftTestServer.StartAsync();
        var missing = await CommandClient.ErrorAsync(server.Http, "show", []);
        Assert.Equal("INVALID_INPUT", (string?)missing["code"]);
        Assert.Contains("needs the argument 'instanceId'", (string?)missing["message"], StringComparison.Ordinal);

        var wrongType = await CommandClient.ErrorAsync(server.Http, "list", new JsonObject { ["pageSize"] = "ten" });
        Assert.Contains("Argument 'pageSize' of command 'list' must be an integer, not a string", (string?)wrongType["message"], StringComparison.Ordinal);

        var unknown = await CommandClient.ErrorAsync(server.Http, "show", new JsonObject { ["id"] = "x" });
        Assert.Contains("has no argument 'id': it takes instanceId", (string?)unknown["message"], StringComparison.Ordinal);

        var notFound = await CommandClient.ErrorAsync(server.Http, "show", new JsonObject { ["instanceId"] = "nope" });
        Assert.Equal("NOT_FOUND", (string?)notFound["code"]);
    }

    // The order the examples run in: each leaves the world as the next one expects.
    private static readonly string[] ExampleOrder =
    [
        "deploy", "start", "show", "history", "list", "set-variables", "graphql", "hold", "release", "suspend", "resume", "trigger",
        "signal", "complete-task", "retry", "stats", "ping", "api", "cancel",
    ];

    [Fact]
    public async Task Api_lists_every_command_and_each_example_runs()
    {
        var time = new FakeTimeProvider();
        await using var server = await WeftTestServer.StartAsync(time, o => o.SweepInterval = NoSweeps);
        var list = (await CommandClient.DataAsync(server.Http, "api")).AsArray();
        var names = list.Select(c => (string)c!["name"]!).ToList();
        Assert.Equal(ExampleOrder.Order(StringComparer.Ordinal), names);

        await server.Client.UploadDefinitionAsync("""
            { "id": "waits", "steps": [
              { "id": "await-payment", "type": "WAIT", "nextStep": "approve" },
              { "id": "approve", "type": "USER_TASK", "nextStep": "end" },
              { "id": "end", "type": "END" } ] }
            """);
        var ids = new Dictionary<string, string>();
        foreach (var name in ExampleOrder)
        {
            var help = await HelpAsync(server, name);
            Assert.False(string.IsNullOrEmpty((string?)help["summary"]));
            foreach (var argument in help["arguments"]!.AsArray())
            {
                Assert.False(string.IsNullOrEmpty((string?)argument!["description"]), $"{name}.{argument!["name"]}");
            }

            var example = (JsonObject)help["example"]!.DeepClone();
            Assert.Equal(name, (string?)example["command"]);
            await PrepareAsync(server, name, (JsonObject)example["args"]!, ids);
            var answer = await CommandClient.SendRawAsync(server.Http, example.ToJsonString());
            Assert.True(answer["error"] is null, $"the example of {name} failed: {answer.ToJsonString()}");
            if (name == "start")
            {
                ids["greeting"] = (string)answer["data"]!["id"]!;
            }

            if (answer["data"]?["matched"] is JsonArray matched)
            {
                Assert.True(matched.Count > 0, $"the example of {name} matched nothing: {answer.ToJsonString()}");
            }

            if (name == "graphql")
            {
                Assert.Null(answer["data"]!["errors"]);
                Assert.Equal(1, (int)answer["data"]!["data"]!["instances"]!["total"]!);
            }
        }
    }

    private static async Task<JsonObject> HelpAsync(WeftTestServer server, string name) =>
        (await CommandClient.DataAsync(server.Http, "api", new JsonObject { ["endpoint"] = name })).AsObject();

    // Puts the world in the state the example expects and fills in the ids the example can only show as samples.
    private static async Task PrepareAsync(WeftTestServer server, string name, JsonObject args, Dictionary<string, string> ids)
    {
        switch (name)
        {
            case "show" or "history" or "set-variables":
                args["instanceId"] = ids["greeting"];
                break;
            case "signal":
                args["instanceId"] = (await server.Client.StartInstanceAsync("waits")).Id;
                break;
            case "complete-task":
                var waiting = await server.Client.StartInstanceAsync("waits");
                await server.Client.SignalAsync(waiting.Id, "await-payment", []);
                args["instanceId"] = waiting.Id;
                break;
            case "trigger":
                // greeting-1's job fails once with retries left: it waits out a backoff, which the trigger cuts short.
                var job = Assert.Single(await server.Client.PollJobsAsync("w", ["greet"], 1));
                await server.Client.FailJobAsync(job.Id, "w", "flaky", retryable: true);
                Assert.Empty(await server.Client.PollJobsAsync("w", ["greet"], 1));
                break;
            case "retry":
                await server.Client.StartInstanceAsync("hello", businessKey: "greeting-2");
                foreach (var failing in await server.Client.PollJobsAsync("w", ["greet"], 5))
                {
                    await server.Client.FailJobAsync(failing.Id, "w", "boom", retryable: false);
                }

                break;
        }
    }
}
