using System.Text.Json.Nodes;
using Weft.Cli.Tests.Support;
using Weft.Server.Tests.Support;

namespace Weft.Cli.Tests.Client;

public sealed class ShowCommandTests : IAsyncLifetime
{
    private const string Worker = "cli-test-worker";
    private WeftTestServer _server = null!;

    private string Url => _server.BaseAddress.ToString();

    public async Task InitializeAsync()
    {
        _server = await WeftTestServer.StartAsync();
        await _server.Client.UploadDefinitionAsync(Definitions.Json("cli-show-definition-with-a-rather-long-id"));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Show_of_a_completed_instance_prints_status_and_step_ids_readably_in_80_columns()
    {
        var instance = await _server.Client.StartInstanceAsync(
            "cli-show-definition-with-a-rather-long-id", new JsonObject { ["value"] = 21 }, "order-21");
        var job = Assert.Single(await _server.Client.PollJobsAsync(Worker, ["cli-work"], 1));
        await _server.Client.CompleteJobAsync(job.Id, Worker, new JsonObject { ["value"] = 42 });

        var result = await WeftCli.RunAsync("show", instance.Id, "--server", Url);

        CliAssert.Succeeded(result);
        Assert.Contains(instance.Id, result.StdOut, StringComparison.Ordinal);
        Assert.Contains("COMPLETED", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("order-21", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("\"value\":42", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("do-work", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("finish", result.StdOut, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^current step\s+finish\s*$", result.StdOut);
        AssertFitsIn80Columns(result.StdOut);
        // Each history row is one line: step id, type, status and start time together, none cut over two lines.
        Assert.Matches(@"(?m)^.*\bdo-work\s+SERVICE_TASK\s+COMPLETED\b.*\b\d\d:\d\d:\d\d\b.*$", result.StdOut);
        Assert.Matches(@"(?m)^.*\bfinish\s+END\s+COMPLETED\b.*\b\d\d:\d\d:\d\d\b.*$", result.StdOut);
        // The try number from attemptNumber, and a duration from startedAt to endedAt.
        Assert.Matches(@"(?m)^.*\bdo-work\s+SERVICE_TASK\s+COMPLETED\s+1\s+\d\d:\d\d:\d\d\s+\d+(\.\d)? m?s\s*$", result.StdOut);
    }

    [Fact]
    public async Task Show_of_a_failed_instance_prints_the_whole_failure_reason_in_80_columns()
    {
        const string reason = "the payment provider refused the card: insufficient funds on account 4711 (code 51)";
        var instance = await _server.Client.StartInstanceAsync("cli-show-definition-with-a-rather-long-id", new JsonObject());
        var job = Assert.Single(await _server.Client.PollJobsAsync(Worker, ["cli-work"], 1));
        await _server.Client.FailJobAsync(job.Id, Worker, reason, retryable: false);

        var result = await WeftCli.RunAsync("show", instance.Id, "--server", Url);

        CliAssert.Succeeded(result);
        Assert.Contains("FAILED", result.StdOut, StringComparison.Ordinal);
        AssertFitsIn80Columns(result.StdOut);
        // Wrapped or not, every word of the reason is printed whole.
        var words = result.StdOut.Split([' ', '\n', '\r', '│', '|'], StringSplitOptions.RemoveEmptyEntries);
        foreach (var word in reason.Split(' '))
        {
            Assert.Contains(word, words);
        }
    }

    [Fact]
    public async Task Show_of_an_instance_in_two_parallel_branches_prints_both_current_steps_and_running_attempts()
    {
        await _server.Client.UploadDefinitionAsync("""
            {
              "id": "cli-show-parallel",
              "steps": [
                { "id": "fork", "type": "PARALLEL_GATEWAY", "parallelNextSteps": ["left-branch", "right-branch"], "joinStep": "join" },
                { "id": "left-branch", "type": "SERVICE_TASK", "jobType": "cli-left", "nextStep": "join" },
                { "id": "right-branch", "type": "SERVICE_TASK", "jobType": "cli-right", "nextStep": "join" },
                { "id": "join", "type": "JOIN_GATEWAY", "nextStep": "finish" },
                { "id": "finish", "type": "END" }
              ]
            }
            """);
        var instance = await _server.Client.StartInstanceAsync("cli-show-parallel");

        var result = await WeftCli.RunAsync("show", instance.Id, "--server", Url);

        CliAssert.Succeeded(result);
        AssertFitsIn80Columns(result.StdOut);
        Assert.Matches(@"(?m)^current steps\s+left-branch, right-branch\s*$", result.StdOut);
        // A running attempt: its try number, a start time, and no duration yet.
        Assert.Matches(@"(?m)^.*\bleft-branch\s+SERVICE_TASK\s+RUNNING\s+1\s+\d\d:\d\d:\d\d\s*$", result.StdOut);
        Assert.Matches(@"(?m)^.*\bright-branch\s+SERVICE_TASK\s+RUNNING\s+1\s+\d\d:\d\d:\d\d\s*$", result.StdOut);
    }

    [Fact]
    public async Task Show_of_an_unknown_instance_exits_3_and_names_it()
    {
        var result = await WeftCli.RunAsync("show", "no-such-instance", "--server", Url);

        CliAssert.Failed(result, 3, "no-such-instance");
        Assert.Equal("", result.StdOut);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("..")]
    public async Task Show_of_an_empty_or_impossible_id_exits_2_without_asking_the_server(string id)
    {
        var result = await WeftCli.RunAsync("show", id, "--server", Url);

        CliAssert.RefusedUsage(result, "instance id", "weft start");
        Assert.Equal("", result.StdOut);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a b/c?d#e")]
    public async Task Show_of_an_unknown_id_names_it_as_typed(string id)
    {
        var result = await WeftCli.RunAsync("show", id, "--server", Url);

        CliAssert.Failed(result, 3, $"'{id}'", "does not exist");
        Assert.DoesNotContain("%2F", result.StdErr, StringComparison.OrdinalIgnoreCase);
    }

    private static void AssertFitsIn80Columns(string output)
    {
        foreach (var line in output.Split('\n'))
        {
            Assert.True(line.TrimEnd('\r').Length <= 80, $"a line is wider than 80 columns:\n{line}\n\nin:\n{output}");
        }

        // Spectre wraps a cell that does not fit; a step id or timestamp split over two lines is unreadable.
        Assert.DoesNotMatch(@"do-wo\s", output);
    }
}
