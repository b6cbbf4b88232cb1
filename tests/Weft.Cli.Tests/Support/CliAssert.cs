namespace Weft.Cli.Tests.Support;

public static class CliAssert
{
    /// <summary>The server could not be reached or did not answer in time: exit code 6, one line on stderr.</summary>
    public static void Unreachable(CliResult result, params string[] fragments) => Failed(result, 6, fragments);

    /// <summary>The request failed: exit code 1, one "weft: ..." line on stderr, no stack trace.</summary>
    public static void FailedWithMessage(CliResult result, params string[] fragments) => Failed(result, 1, fragments);

    /// <summary>Bad usage, or a server that could not start: exit code 2, one "weft...: ..." line on stderr, no stack trace.</summary>
    public static void RefusedUsage(CliResult result, params string[] fragments) => Failed(result, 2, fragments);

    /// <summary>Exit code <paramref name="exitCode"/> and exactly one line on stderr, which names every fragment.</summary>
    public static void Failed(CliResult result, int exitCode, params string[] fragments)
    {
        Assert.True(result.ExitCode == exitCode, $"expected exit code {exitCode}; {result}");
        OneErrorLine(result);
        foreach (var fragment in fragments)
        {
            Assert.True(result.StdErr.Contains(fragment, StringComparison.OrdinalIgnoreCase), $"stderr lacks '{fragment}'; {result}");
        }

        NoStackTrace(result);
        PlainText(result);
    }

    /// <summary>stderr is one line: "weft: ..." or "weft COMMAND: ...".</summary>
    public static void OneErrorLine(CliResult result) =>
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(result.StdErr, @"\Aweft( [a-z]+)?: [^\r\n]+\r?\n\z"), $"stderr is not one 'weft: ...' line; {result}");

    public static void NoStackTrace(CliResult result)
    {
        var output = result.StdOut + result.StdErr;
        Assert.False(output.Contains("   at ", StringComparison.Ordinal), $"a stack trace was printed; {result}");
        Assert.False(output.Contains("Exception", StringComparison.Ordinal), $"an exception type was printed; {result}");
        Assert.False(output.Contains("Unhandled", StringComparison.Ordinal), $"an unhandled error was printed; {result}");
    }

    public static void Succeeded(CliResult result)
    {
        Assert.True(result.ExitCode == 0, $"expected exit code 0; {result}");
        Assert.Equal("", result.StdErr);
        PlainText(result);
    }

    /// <summary>Output into a pipe or file carries no terminal escape codes (colours, bold).</summary>
    public static void PlainText(CliResult result) =>
        Assert.False((result.StdOut + result.StdErr).Contains('\u001b', StringComparison.Ordinal), $"escape codes in redirected output; {result}");
}
