using Weft.Cli.Tests.Support;

namespace Weft.Cli.Tests;

public sealed class UsageTests
{
    [Theory]
    [InlineData("bogus", "weft: unknown command 'bogus'. Commands: server, deploy, start, show, worker, watch, list, history, cancel, suspend, resume, retry, hold, release, trigger, signal, complete-task, set-variables, stats, ping, api, graphql, client. Run `weft --help`.")]
    [InlineData("", "weft: no command given. Commands: server, deploy, start, show, worker, watch, list, history, cancel, suspend, resume, retry, hold, release, trigger, signal, complete-task, set-variables, stats, ping, api, graphql, client. Run `weft --help`.")]
    [InlineData("--bogus", "weft: unknown option '--bogus'. Run `weft --help`.")]
    [InlineData("show", "weft show: INSTANCE_ID is missing. Run `weft show --help`.")]
    [InlineData("deploy", "weft deploy: FILE is missing. Run `weft deploy --help`.")]
    [InlineData("show some-id --bogus", "weft show: unknown option '--bogus'. Run `weft show --help`.")]
    [InlineData("start some-id --var", "weft start: --var needs a value. Run `weft start --help`.")]
    [InlineData("server extra", "weft server: unexpected argument 'extra'. Run `weft server --help`.")]
    public async Task A_command_line_mistake_exits_2_with_one_line_on_stderr_that_says_what_to_do(string commandLine, string message)
    {
        var result = await WeftCli.RunAsync(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        CliAssert.RefusedUsage(result);
        Assert.Equal(message, result.StdErr.TrimEnd());
        Assert.Equal("", result.StdOut);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("show --help")]
    public async Task Help_asked_for_goes_to_stdout_and_exits_0(string commandLine)
    {
        var result = await WeftCli.RunAsync(commandLine.Split(' '));

        CliAssert.Succeeded(result);
        Assert.Contains("Usage:", result.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("server")]
    [InlineData("deploy")]
    [InlineData("start")]
    [InlineData("show")]
    [InlineData("list")]
    [InlineData("history")]
    [InlineData("cancel")]
    [InlineData("suspend")]
    [InlineData("resume")]
    [InlineData("retry")]
    [InlineData("hold")]
    [InlineData("release")]
    [InlineData("trigger")]
    [InlineData("signal")]
    [InlineData("complete-task")]
    [InlineData("set-variables")]
    [InlineData("stats")]
    [InlineData("ping")]
    [InlineData("api")]
    [InlineData("graphql")]
    [InlineData("client")]
    public async Task Every_verbs_help_has_an_example_of_it(string verb)
    {
        var result = await WeftCli.RunAsync(verb, "--help");

        CliAssert.Succeeded(result);
        Assert.Matches($@"(?m)^\s*Examples:\s*\r?\n\s+(\S+=\S+ )?weft {verb}\b", result.StdOut);
    }
}
