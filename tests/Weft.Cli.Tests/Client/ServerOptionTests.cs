using Weft.Cli.Tests.Support;

namespace Weft.Cli.Tests.Client;

public sealed class ServerOptionTests : IDisposable
{
    private readonly TempFolder _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("deploy")]
    [InlineData("start")]
    [InlineData("show")]
    public async Task A_client_command_against_an_unreachable_server_exits_6_says_nothing_listens_and_suggests_the_server_option(string command)
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var argument = command == "deploy" ? _files.Write("d.json", Definitions.Json("unreachable")) : "some-id";

        var result = await WeftCli.RunAsync(command, argument, "--server", url);

        CliAssert.Unreachable(result, "cannot reach", $"nothing listens at {url}", "--server");
    }

    [Fact]
    public async Task The_server_url_comes_from_WEFT_SERVER_when_no_option_is_given()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";

        var result = await WeftCli.RunAsync(new Dictionary<string, string?> { ["WEFT_SERVER"] = url }, "show", "some-id");

        CliAssert.Unreachable(result, "cannot reach", url, "WEFT_SERVER");
    }

    [Theory]
    [InlineData("localhost:8080")]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1/")]
    public async Task A_server_option_that_is_not_an_http_url_exits_2_and_says_so(string server)
    {
        var result = await WeftCli.RunAsync("show", "some-id", "--server", server);

        CliAssert.RefusedUsage(result, server, "not an http(s) URL");
    }
}
