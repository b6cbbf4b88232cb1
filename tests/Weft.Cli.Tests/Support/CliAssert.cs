namespace Weft.Cli.Tests.Support;

public static class CliAssert
{
    /// <summary>A failure a person can read: exit code 1, one "weft: ..." message on stderr, no stack trace.</summary>
    public static void FailedWithMessage(CliResult result, params string[] fragments)
    {
        Assert.True(result.ExitCode == 1, $"expected exit code 1; {result}");
        Assert.StartsWith("weft: ", result.StdErr, StringComparison.Ordinal);
        foreach (var fragment in fragments)
        {
            Assert.True(result.StdErr.Contains(fragment, StringComparison.OrdinalIgnoreCase), $"stderr lacks '{fragment}'; {result}");
        }

        NoStackTrace(result);
        PlainText(result);
    }

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
