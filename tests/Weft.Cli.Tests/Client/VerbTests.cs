using System.Text.Json.Nodes;
using Weft.Cli.Tests.Support;
using Weft.Server.Tests.Support;

namespace Weft.Cli.Tests.Client;

/// <summary>The verbs of the command API, as a real <c>weft</c> process against a test server.</summary>
public sealed class VerbTests : IAsyncLifetime
{
    private const string Worker = "cli-verb-worker";
    private WeftTestServer _server = null!;

    private string Url => _server.BaseAddress.ToString();

    public async Task InitializeAsync()
    {
        _server = await WeftTestServer.StartAsync();
        await _server.Client.UploadDefinitionAsync(Definitions.Json("cli-verbs", "cli-verb-work"));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Retry_by_selector_retries_the_failed_step_of_every_matching_instance_and_prints_them()
    {
        var failed = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            failed.Add((await _server.Client.StartInstanceAsync("cli-verbs", businessKey: $"bulk-{i}")).Id);
        }

        foreach (var job in await _server.Client.PollJobsAsync(Worker, ["cli-verb-work"], 10))
        {
            await _server.Client.FailJobAsync(job.Id, Worker, "card declined", retryable: false);
        }

        var untouched = await _server.Client.StartInstanceAsync("cli-verbs", businessKey: "other-1");

        var result = await WeftCli.RunAsync("retry", "bulk-*/do-work:failed", "--server", Url);

        CliAssert.Succeeded(result);
        foreach (var id in failed)
        {
            Assert.Matches($@"(?m)^\s*retried\s+{id}\s*$", result.StdOut);
            Assert.Equal(Weft.Worker.Client.InstanceStatus.Active, (await _server.Client.GetInstanceAsync(id)).Status);
        }

        Assert.Contains("3 matched, 0 not.", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(untouched.Id, result.StdOut, StringComparison.Ordinal);
        var jobs = await _server.Client.PollJobsAsync(Worker, ["cli-verb-work"], 10);
        Assert.Equal(failed.Order(StringComparer.Ordinal), jobs.Select(j => j.InstanceId).Where(i => i != untouched.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_selector_that_matches_nothing_exits_4_and_says_why()
    {
        var result = await WeftCli.RunAsync("retry", "no-such-*/*", "--server", Url);

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.Contains("0 matched, 1 not.", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("not matched: no-such-*/*: no instance id or business key matches 'no-such-*'", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hold_keeps_the_job_from_workers_until_release()
    {
        var instance = await _server.Client.StartInstanceAsync("cli-verbs", businessKey: "hold-me");

        var held = await WeftCli.RunAsync("hold", "hold-me/do-work", "--server", Url);

        CliAssert.Succeeded(held);
        Assert.Matches($@"(?m)^\s*held\s+do-work\s+{instance.Id}\s*$", held.StdOut);
        Assert.Empty(await _server.Client.PollJobsAsync(Worker, ["cli-verb-work"], 10));

        var released = await WeftCli.RunAsync("release", "hold-me/do-work", "--server", Url);

        CliAssert.Succeeded(released);
        Assert.Matches($@"(?m)^\s*released\s+do-work\s+{instance.Id}\s*$", released.StdOut);
        var job = Assert.Single(await _server.Client.PollJobsAsync(Worker, ["cli-verb-work"], 10));
        Assert.Equal(instance.Id, job.InstanceId);
    }

    [Fact]
    public async Task List_prints_a_table_with_whole_ids_and_list_json_prints_the_data()
    {
        var first = await _server.Client.StartInstanceAsync("cli-verbs", businessKey: "list-1");
        var second = await _server.Client.StartInstanceAsync("cli-verbs", businessKey: "list-2");

        var table = await WeftCli.RunAsync("list", "--definition", "cli-verbs", "--server", Url);
        var json = await WeftCli.RunAsync("list", "--definition", "cli-verbs", "--json", "--server", Url);

        CliAssert.Succeeded(table);
        // The business key under the definition, on the row's second line.
        Assert.Matches($@"(?m)^\s*ACTIVE\s+cli-verbs v1\s+{first.Id}\s*\r?\n\s+list-1\s*$", table.StdOut);
        Assert.Matches($@"(?m)^\s*ACTIVE\s+cli-verbs v1\s+{second.Id}\s*\r?\n\s+list-2\s*$", table.StdOut);
        Assert.All(table.StdOut.Split('\n'), line => Assert.True(line.TrimEnd().Length <= 80, $"wider than 80 columns: {line}"));
        CliAssert.Succeeded(json);
        var data = JsonNode.Parse(json.StdOut)!;
        Assert.Equal(2, data["total"]!.GetValue<long>());
        Assert.Equal([second.Id, first.Id], data["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Client_sends_the_raw_envelope_and_prints_the_answer_as_json()
    {
        var ping = await WeftCli.RunAsync("client", "ping", "--server", Url);
        var unknown = await WeftCli.RunAsync("client", "retyr", """{"selector": "*/*"}""", "--server", Url);
        var missing = await WeftCli.RunAsync("client", "show", """{"instanceId": "no-such-instance"}""", "--server", Url);
        var notJson = await WeftCli.RunAsync("client", "show", "{instanceId", "--server", Url);

        CliAssert.Succeeded(ping);
        Assert.False(string.IsNullOrEmpty(JsonNode.Parse(ping.StdOut)!["data"]!["runId"]!.GetValue<string>()));
        Assert.True(unknown.ExitCode == 4, unknown.ToString());
        var error = JsonNode.Parse(unknown.StdOut)!["error"]!;
        Assert.Equal("UNKNOWN_COMMAND", error["code"]!.GetValue<string>());
        Assert.StartsWith("There is no command 'retyr'. Known commands, closest first: retry", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(missing.ExitCode == 3, missing.ToString());
        Assert.Equal("NOT_FOUND", JsonNode.Parse(missing.StdOut)!["error"]!["code"]!.GetValue<string>());
        CliAssert.RefusedUsage(notJson, "JSON");
    }

    [Fact]
    public async Task Api_lists_every_command_and_describes_one_with_an_example()
    {
        var list = await WeftCli.RunAsync("api", "--server", Url);
        var retry = await WeftCli.RunAsync("api", "retry", "--server", Url);
        var unknown = await WeftCli.RunAsync("api", "nope", "--server", Url);

        CliAssert.Succeeded(list);
        foreach (var command in new[] { "api", "cancel", "complete-task", "graphql", "hold", "list", "ping", "release", "retry", "set-variables", "stats", "trigger" })
        {
            Assert.Matches($@"(?m)^{command}\s+\S", list.StdOut);
        }

        CliAssert.Succeeded(retry);
        Assert.Contains("selector (string, optional)", retry.StdOut, StringComparison.Ordinal);
        Assert.Contains("weft client retry '{\"selector\":", retry.StdOut, StringComparison.Ordinal);
        CliAssert.Failed(unknown, 3, "no command 'nope'");
    }

    [Fact]
    public async Task Stats_history_and_ping_print_what_the_commands_answer()
    {
        var instance = await _server.Client.StartInstanceAsync("cli-verbs", businessKey: "stats-1");
        var job = Assert.Single(await _server.Client.PollJobsAsync(Worker, ["cli-verb-work"], 1));
        await _server.Client.CompleteJobAsync(job.Id, Worker, null);

        var stats = await WeftCli.RunAsync("stats", "--server", Url);
        var history = await WeftCli.RunAsync("history", instance.Id, "--server", Url);
        var ping = await WeftCli.RunAsync("ping", "--server", Url);

        CliAssert.Succeeded(stats);
        Assert.Matches(@"(?m)^\s*COMPLETED\s+1\s*$", stats.StdOut);
        CliAssert.Succeeded(history);
        Assert.Matches(@"(?m)^.*\bdo-work\s+SERVICE_TASK\s+COMPLETED\b", history.StdOut);
        CliAssert.Succeeded(ping);
        Assert.Matches(@"^Weft \S+ answers: run \S+, server time \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\.", ping.StdOut);
    }

    [Fact]
    public async Task Graphql_prints_the_answer_and_exits_4_on_errors()
    {
        var instance = await _server.Client.StartInstanceAsync("cli-verbs", businessKey: "graph-1");
        var query = Path.Combine(Path.GetTempPath(), $"weft-{Guid.NewGuid():N}.graphql");
        await File.WriteAllTextAsync(query, "query($key: String) { instances(filter: {businessKey: $key}) { items { id } } }");

        var good = await WeftCli.RunAsync("graphql", $"@{query}", "--variables", """{"key": "graph-1"}""", "--server", Url);
        File.Delete(query);
        var bad = await WeftCli.RunAsync("graphql", "{ nosuchfield }", "--server", Url);

        CliAssert.Succeeded(good);
        Assert.Equal(instance.Id, JsonNode.Parse(good.StdOut)!["data"]!["instances"]!["items"]![0]!["id"]!.GetValue<string>());
        Assert.True(bad.ExitCode == 4, bad.ToString());
        Assert.NotEmpty(JsonNode.Parse(bad.StdOut)!["errors"]!.AsArray());
    }

    [Fact]
    public async Task Set_variables_and_signal_refusals_exit_4_with_the_servers_reason()
    {
        var instance = await _server.Client.StartInstanceAsync("cli-verbs", businessKey: "vars-1");

        var set = await WeftCli.RunAsync("set-variables", instance.Id, "--var", "limit=500", "--server", Url);
        var signal = await WeftCli.RunAsync("signal", instance.Id, "do-work", "--server", Url);
        var none = await WeftCli.RunAsync("set-variables", instance.Id, "--server", Url);

        CliAssert.Succeeded(set);
        Assert.Equal(500, (await _server.Client.GetInstanceAsync(instance.Id)).Variables!["limit"]!.GetValue<int>());
        CliAssert.Failed(signal, 4);
        CliAssert.RefusedUsage(none, "--var");
    }

    [Theory]
    [InlineData("show", "no-such-instance")]
    [InlineData("history", "no-such-instance")]
    public async Task A_missing_instance_exits_3(string verb, string id)
    {
        var result = await WeftCli.RunAsync(verb, id, "--json", "--server", Url);

        CliAssert.Failed(result, 3, id);
    }

    [Fact]
    public async Task Suspend_resume_signal_and_complete_task_change_the_instance_and_say_so()
    {
        await _server.Client.UploadDefinitionAsync("""
            {
              "id": "cli-verbs-people",
              "steps": [
                { "id": "wait-for-payment", "type": "WAIT", "nextStep": "approve" },
                { "id": "approve", "type": "USER_TASK", "nextStep": "end" },
                { "id": "end", "type": "END" }
              ]
            }
            """);
        var instance = await _server.Client.StartInstanceAsync("cli-verbs-people", businessKey: "people-1");

        var suspend = await WeftCli.RunAsync("suspend", "people-1", "--server", Url);
        var resumeAgain = await WeftCli.RunAsync("resume", "people-1", "--server", Url);
        var resumeTwice = await WeftCli.RunAsync("resume", "people-1", "--server", Url);
        var signal = await WeftCli.RunAsync("signal", instance.Id, "wait-for-payment", "--var", "paid=true", "--server", Url);
        var neither = await WeftCli.RunAsync("complete-task", "--server", Url);
        var complete = await WeftCli.RunAsync("complete-task", "--instance", instance.Id, "--step", "approve", "--var", "approved=true", "--by", "alice", "--server", Url);

        CliAssert.Succeeded(suspend);
        Assert.Matches($@"(?m)^\s*suspended\s+{instance.Id}\s*$", suspend.StdOut);
        CliAssert.Succeeded(resumeAgain);
        Assert.True(resumeTwice.ExitCode == 4, resumeTwice.ToString());
        Assert.Contains($"not matched: {instance.Id}: ", resumeTwice.StdOut, StringComparison.Ordinal);
        CliAssert.Succeeded(signal);
        Assert.Contains($"Signalled; instance {instance.Id} is", signal.StdOut, StringComparison.Ordinal);
        CliAssert.RefusedUsage(neither, "TASK_ID", "--instance");
        CliAssert.Succeeded(complete);
        Assert.Equal($"Completed step approve of instance {instance.Id}.", complete.StdOut.TrimEnd());
        var done = await _server.Client.GetInstanceAsync(instance.Id);
        Assert.Equal(Weft.Worker.Client.InstanceStatus.Completed, done.Status);
        Assert.True(done.Variables!["paid"]!.GetValue<bool>());
        Assert.True(done.Variables!["approved"]!.GetValue<bool>());
    }
}
