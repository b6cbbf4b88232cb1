using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;
using Weft.Testing;
using Weft.Worker.Client;

namespace Weft.Server.Tests.Commands;

public sealed class BulkCommandTests
{
    private static readonly TimeSpan NoSweeps = TimeSpan.FromDays(1);

    [Fact]
    public async Task Retry_with_a_selector_retries_the_failed_step_across_instances_and_says_what_did_not_match()
    {
        await using var server = await WeftTestServer.StartAsync(new FakeTimeProvider(), o => o.SweepInterval = NoSweeps);
        await server.Client.UploadDefinitionAsync(TestDefinitions.Linear("pay", "charge", "ship"));
        var failed = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            failed.Add((await server.Client.StartInstanceAsync("pay", businessKey: $"order-{i}")).Id);
        }

        var healthy = await server.Client.StartInstanceAsync("pay", businessKey: "order-ok");
        foreach (var job in await server.Client.PollJobsAsync("w", ["charge"], 10))
        {
            if (job.InstanceId == healthy.Id)
            {
                await server.Client.CompleteJobAsync(job.Id, "w", []);
            }
            else
            {
                await server.Client.FailJobAsync(job.Id, "w", "card declined", retryable: false);
            }
        }

        var data = await CommandClient.DataAsync(server.Http, "retry", new JsonObject { ["selector"] = "order-*/a:failed" });
        var matched = data["matched"]!.AsArray().Select(m => (string)m!["instanceId"]!).Order().ToList();
        Assert.Equal(failed.Order(), matched);
        Assert.All(data["matched"]!.AsArray(), m => Assert.Equal("retried", (string?)m!["result"]));
        var unmatched = Assert.Single(data["unmatched"]!.AsArray());
        Assert.Equal(healthy.Id, (string?)unmatched!["instanceId"]);
        Assert.Contains("has no step 'a' that is failed", (string?)unmatched["reason"], StringComparison.Ordinal);
        foreach (var id in failed)
        {
            Assert.Equal(InstanceStatus.Active, (await server.Client.GetInstanceAsync(id)).Status);
        }

        Assert.Equal(3, (await server.Client.PollJobsAsync("w", ["charge"], 10)).Count);
    }

    [Fact]
    public async Task A_held_step_hands_out_no_job_until_released()
    {
        await using var server = await WeftTestServer.StartAsync(new FakeTimeProvider(), o => o.SweepInterval = NoSweeps);
        await server.Client.UploadDefinitionAsync(TestDefinitions.Single("held", "held-job"));
        var instance = await server.Client.StartInstanceAsync("held", businessKey: "h-1");

        var hold = await CommandClient.DataAsync(server.Http, "hold", new JsonObject { ["selector"] = "h-1/work" });
        Assert.Equal("held", (string?)hold["matched"]![0]!["result"]);
        Assert.Empty(await server.Client.PollJobsAsync("w", ["held-job"], 5));
        var stats = await CommandClient.DataAsync(server.Http, "stats");
        var jobs = Assert.Single(stats["jobs"]!.AsArray());
        Assert.Equal(1, (int)jobs!["held"]!);
        Assert.Equal(0, (int)jobs["waiting"]!);

        var held = await CommandClient.DataAsync(server.Http, "list", new JsonObject { ["businessKey"] = "h-1" });
        Assert.Equal(1, (int)held["total"]!);
        var selected = await CommandClient.DataAsync(server.Http, "hold", new JsonObject { ["selector"] = $"{instance.Id[..8]}/*:held" });
        Assert.Equal("already held", (string?)selected["matched"]![0]!["result"]);

        var release = await CommandClient.DataAsync(server.Http, "release", new JsonObject { ["selector"] = "h-1/work:held" });
        Assert.Equal("released", (string?)release["matched"]![0]!["result"]);
        var job = Assert.Single(await server.Client.PollJobsAsync("w", ["held-job"], 5));
        Assert.Equal(instance.Id, job.InstanceId);
    }

    [Fact]
    public async Task Trigger_makes_a_job_in_backoff_ready_now_and_refuses_a_wait_step()
    {
        var time = new FakeTimeProvider();
        await using var server = await WeftTestServer.StartAsync(time, o => o.SweepInterval = NoSweeps);
        await server.Client.UploadDefinitionAsync(TestDefinitions.Single("flaky", "flaky-job", retryCount: 3));
        var instance = await server.Client.StartInstanceAsync("flaky", businessKey: "f-1");
        var job = Assert.Single(await server.Client.PollJobsAsync("w", ["flaky-job"], 1));
        await server.Client.FailJobAsync(job.Id, "w", "flaky", retryable: true);
        Assert.Empty(await server.Client.PollJobsAsync("w", ["flaky-job"], 1));

        var data = await CommandClient.DataAsync(server.Http, "trigger", new JsonObject { ["selector"] = "f-1/work:waiting" });
        Assert.Equal("triggered", (string?)data["matched"]![0]!["result"]);
        Assert.Equal(instance.Id, Assert.Single(await server.Client.PollJobsAsync("w", ["flaky-job"], 1)).InstanceId);

        await server.Client.UploadDefinitionAsync("""{ "id": "w", "steps": [ { "id": "park", "type": "WAIT", "nextStep": "end" }, { "id": "end", "type": "END" } ] }""");
        await server.Client.StartInstanceAsync("w", businessKey: "w-1");
        var refused = await CommandClient.DataAsync(server.Http, "trigger", new JsonObject { ["selector"] = "w-1/park" });
        Assert.Empty(refused["matched"]!.AsArray());
        Assert.Contains("needs a signal", (string?)refused["unmatched"]![0]!["reason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_variables_merges_into_a_running_instance()
    {
        await using var server = await WeftTestServer.StartAsync(new FakeTimeProvider(), o => o.SweepInterval = NoSweeps);
        await server.Client.UploadDefinitionAsync(TestDefinitions.Single("vars", "vars-job"));
        var instance = await server.Client.StartInstanceAsync("vars", new JsonObject { ["a"] = 1, ["b"] = 2 });
        await CommandClient.DataAsync(server.Http, "set-variables", new JsonObject { ["instanceId"] = instance.Id, ["variables"] = new JsonObject { ["b"] = 3, ["c"] = "x" } });
        var variables = (await server.Client.GetInstanceAsync(instance.Id)).Variables;
        Assert.Equal("""{"a":1,"b":3,"c":"x"}""", variables!.ToJsonString());

        await server.Client.CancelInstanceAsync(instance.Id);
        var error = await CommandClient.ErrorAsync(server.Http, "set-variables", new JsonObject { ["instanceId"] = instance.Id, ["variables"] = new JsonObject { ["b"] = 4 } });
        Assert.Equal("CONFLICT", (string?)error["code"]);
    }

    [Theory]
    [InlineData("", "it is empty")]
    [InlineData("/a", "the INSTANCE before '/' is empty")]
    [InlineData("x/", "the STEP after '/' is empty")]
    [InlineData("x/a:broken", "the STATUS 'broken' is unknown")]
    public async Task A_malformed_selector_is_a_handled_error(string selector, string expected)
    {
        await using var server = await WeftTestServer.StartAsync();
        var error = await CommandClient.ErrorAsync(server.Http, "cancel", new JsonObject { ["selector"] = selector });
        Assert.Equal("INVALID_INPUT", (string?)error["code"]);
        Assert.Contains(expected, (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_selector_that_names_nothing_says_so_and_changes_nothing()
    {
        await using var server = await WeftTestServer.StartAsync();
        await server.Client.UploadDefinitionAsync(TestDefinitions.Single("one", "one-job"));
        var instance = await server.Client.StartInstanceAsync("one", businessKey: "k-1");
        var data = await CommandClient.DataAsync(server.Http, "cancel", new JsonObject { ["selector"] = "nothing-*/*" });
        Assert.Empty(data["matched"]!.AsArray());
        Assert.Contains("no instance id or business key matches 'nothing-*'", (string?)data["unmatched"]![0]!["reason"], StringComparison.Ordinal);
        Assert.Equal(InstanceStatus.Active, (await server.Client.GetInstanceAsync(instance.Id)).Status);

        // A prefix of three characters is too short to be taken as a prefix.
        var shortPrefix = await CommandClient.DataAsync(server.Http, "suspend", new JsonObject { ["selector"] = $"{instance.Id[..3]}/*" });
        Assert.Empty(shortPrefix["matched"]!.AsArray());
        var byKey = await CommandClient.DataAsync(server.Http, "suspend", new JsonObject { ["selector"] = "k-1" });
        Assert.Equal(instance.Id, (string?)byKey["matched"]![0]!["instanceId"]);
    }
}
