using System.Net;
using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;
using Weft.Worker.Client;

namespace Weft.Server.Tests.Jobs;

/// <summary>POST /v1/jobs/complete|fail|heartbeat with many jobs: each entry its own change, each with its own answer.</summary>
public sealed class BatchAcknowledgementTests : IAsyncLifetime
{
    private WeftTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await WeftTestServer.StartAsync();
        await _server.Client.UploadDefinitionAsync(TestDefinitions.Single("single", "work", retryCount: 1));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_batch_of_completions_applies_each_and_answers_each_as_its_own_request_would()
    {
        var instances = new List<WorkflowInstance>();
        for (var i = 0; i < 3; i++)
        {
            instances.Add(await _server.Client.StartInstanceAsync("single"));
        }

        var jobs = await _server.Client.PollJobsAsync("w", ["work"], 3);
        var body = new JsonArray(
            new JsonObject { ["jobId"] = jobs[0].Id, ["workerId"] = "w", ["variables"] = new JsonObject { ["n"] = 0 } },
            new JsonObject { ["jobId"] = jobs[1].Id, ["workerId"] = "intruder" },
            new JsonObject { ["jobId"] = "no-such-job", ["workerId"] = "w" },
            new JsonObject { ["jobId"] = jobs[2].Id, ["workerId"] = "w", ["variables"] = new JsonObject { ["n"] = 2 } });

        var answer = await _server.Http.PostJsonTextAsync("/v1/jobs/complete", body.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var results = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["results"]!.AsArray();
        Assert.Equal([204, 409, 404, 204], results.Select(r => r!["status"]!.GetValue<int>()));
        Assert.Equal("CONFLICT", results[1]!["error"]!.GetValue<string>());
        Assert.Contains("is held by worker 'w', not 'intruder'", results[1]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("NOT_FOUND", results[2]!["error"]!.GetValue<string>());
        var completed = (await _server.Client.ListInstancesAsync("single", InstanceStatus.Completed)).Items.Select(i => i.Variables!["n"]!.GetValue<int>());
        Assert.Equal([0, 2], completed.Order());
    }

    [Fact]
    public async Task A_batch_of_failures_and_one_of_heartbeats_answer_each_entry()
    {
        await _server.Client.StartInstanceAsync("single");
        await _server.Client.StartInstanceAsync("single");
        var jobs = await _server.Client.PollJobsAsync("w", ["work"], 2);

        var beats = await _server.Http.PostJsonTextAsync("/v1/jobs/heartbeat",
            new JsonArray(new JsonObject { ["jobId"] = jobs[0].Id, ["workerId"] = "w" }, new JsonObject { ["jobId"] = jobs[1].Id, ["workerId"] = "w" }).ToJsonString());
        var failures = await _server.Http.PostJsonTextAsync("/v1/jobs/fail",
            new JsonArray(new JsonObject { ["jobId"] = jobs[0].Id, ["workerId"] = "w", ["errorMessage"] = "try again" }).ToJsonString());

        var beatResults = JsonNode.Parse(await beats.Content.ReadAsStringAsync())!["results"]!.AsArray();
        Assert.All(beatResults, r => Assert.Equal(200, r!["status"]!.GetValue<int>()));
        Assert.All(beatResults, r => Assert.NotNull(r!["lockExpiresAt"]));
        Assert.Equal(204, JsonNode.Parse(await failures.Content.ReadAsStringAsync())!["results"]![0]!["status"]!.GetValue<int>());
        Assert.Equal(0, (await _server.Engine.Store.GetJobAsync(jobs[0].Id))!.RetriesRemaining);
    }

    [Theory]
    [InlineData("[]", "The batch holds 0 entries")]
    [InlineData("""[{"workerId": "w"}]""", "[0].jobId is required")]
    [InlineData("""{"jobId": "x"}""", "has the wrong type: expected a list")]
    public async Task A_malformed_batch_is_a_400(string body, string says)
    {
        await ProblemAssert.IsProblemAsync(await _server.Http.PostJsonTextAsync("/v1/jobs/complete", body), 400, says);
    }

    [Fact]
    public async Task A_batch_of_more_than_256_entries_is_a_400()
    {
        var body = new JsonArray([.. Enumerable.Range(0, 257).Select(i => (JsonNode)new JsonObject { ["jobId"] = $"j{i}", ["workerId"] = "w" })]);
        await ProblemAssert.IsProblemAsync(await _server.Http.PostJsonTextAsync("/v1/jobs/fail", body.ToJsonString()), 400, "The batch holds 257 entries; send 1 to 256");
    }
}
