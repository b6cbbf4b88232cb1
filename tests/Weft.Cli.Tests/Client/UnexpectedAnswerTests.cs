using Weft.Cli.Tests.Support;

namespace Weft.Cli.Tests.Client;

/// <summary>A --server that is not Weft, or a proxy in between: each answer is one line and exit code 1.</summary>
public sealed class UnexpectedAnswerTests : IDisposable
{
    private readonly TempFolder _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("deploy")]
    [InlineData("start")]
    [InlineData("show")]
    public async Task A_client_command_answered_200_with_html_exits_1_and_asks_whether_server_is_weft(string command)
    {
        using var server = FakeHttpServer.Answering(200, "text/html", "<html>\n<body>Welcome to nginx!</body>\n</html>");

        var result = await WeftCli.RunAsync(command, Argument(command), "--server", server.Url);

        CliAssert.FailedWithMessage(result, server.Url, "not Weft's JSON", "--server");
        Assert.Equal("", result.StdOut);
    }

    [Fact]
    public async Task An_html_error_page_instead_of_problem_json_exits_1_with_the_status_and_without_the_page()
    {
        using var server = FakeHttpServer.Answering(502, "text/html", "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>nginx</body>\n</html>");

        var result = await WeftCli.RunAsync("show", "some-id", "--server", server.Url);

        CliAssert.FailedWithMessage(result, server.Url, "502", "not a Weft error");
        Assert.DoesNotContain("<html>", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_text_error_instead_of_problem_json_exits_1_with_its_first_line()
    {
        using var server = FakeHttpServer.Answering(503, "text/plain", "upstream connect error\nreset reason: connection failure\n");

        var result = await WeftCli.RunAsync("start", "some-definition", "--server", server.Url);

        CliAssert.FailedWithMessage(result, "503", "upstream connect error");
    }

    [Fact]
    public async Task A_server_that_closes_the_connection_unanswered_exits_1_and_says_it_did_not_answer()
    {
        using var server = FakeHttpServer.ClosingUnanswered();

        var result = await WeftCli.RunAsync("show", "some-id", "--server", server.Url);

        CliAssert.FailedWithMessage(result, server.Url, "did not answer");
    }

    private string Argument(string command) => command == "deploy" ? _files.Write("d.json", Definitions.Json("not-weft")) : "some-id";
}
