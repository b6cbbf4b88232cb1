using Weft.Cli.Tests.Support;
using Weft.Server.Auth;
using Weft.Server.Tests.Support;

namespace Weft.Cli.Tests.Client;

/// <summary>A timeout, a stopped server and a refused key end with messages and exit codes a script can tell apart.</summary>
public sealed class ExitCodeTests
{
    private const string AdminKey = "cli-admin-key-7d3e9f1a2b4c";
    private const string WorkerKey = "cli-worker-key-8e2d4c6a1f3b";

    [Fact]
    public async Task A_server_that_does_not_answer_in_time_exits_6_and_says_it_did_not_answer_within_the_timeout()
    {
        using var server = FakeHttpServer.Silent();

        var result = await WeftCli.RunAsync("list", "--server", server.Url, "--timeout", "1");

        CliAssert.Unreachable(result, server.Url, "did not answer within 1 s", "--timeout");
    }

    [Fact]
    public async Task A_stopped_server_exits_6_and_says_nothing_listens()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";

        var result = await WeftCli.RunAsync("stats", "--server", url);

        CliAssert.Unreachable(result, $"nothing listens at {url}");
        Assert.DoesNotContain("did not answer", result.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public async Task A_timeout_that_is_not_positive_exits_2(string timeout)
    {
        var result = await WeftCli.RunAsync("ping", "--timeout", timeout, "--server", "http://127.0.0.1:1");

        CliAssert.RefusedUsage(result, "--timeout");
    }

    [Fact]
    public async Task A_keyed_server_refuses_a_missing_or_worker_key_with_exit_5_and_serves_the_admin_key()
    {
        await using var server = await WeftTestServer.StartAsync(configure: options =>
        {
            options.ApiKeys.Add(new ApiKey(ApiScope.Admin, AdminKey));
            options.ApiKeys.Add(new ApiKey(ApiScope.Worker, WorkerKey));
        });
        var url = server.BaseAddress.ToString();

        var none = await WeftCli.RunAsync("list", "--server", url);
        var worker = await WeftCli.RunAsync(new Dictionary<string, string?> { ["WEFT_API_KEY"] = WorkerKey }, "list", "--server", url);
        var workerPing = await WeftCli.RunAsync(new Dictionary<string, string?> { ["WEFT_API_KEY"] = WorkerKey }, "ping", "--server", url);
        var admin = await WeftCli.RunAsync(new Dictionary<string, string?> { ["WEFT_API_KEY"] = AdminKey }, "list", "--server", url);

        CliAssert.Failed(none, 5, "needs an API key", "WEFT_API_KEY is not set");
        CliAssert.Failed(worker, 5, "needs an admin key");
        CliAssert.Succeeded(workerPing);
        CliAssert.Succeeded(admin);
        Assert.Contains("No instance matches.", admin.StdOut, StringComparison.Ordinal);
    }
}
