using System.CommandLine;
using Weft.Worker.Client;

namespace Weft.Cli.Client;

/// <summary>What every command that talks to a running server shares: the <c>--server</c> option and error reporting.</summary>
internal static class ClientCommand
{
    public const string DefaultServer = "http://127.0.0.1:8080";

    public static Option<string> ServerOption() => new("--server")
    {
        Description = $"The Weft server's URL (default: $WEFT_SERVER, else {DefaultServer}).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("WEFT_SERVER") is { Length: > 0 } url ? url : DefaultServer,
    };

    /// <summary>Runs <paramref name="action"/> with a client; turns failures into one line on stderr and exit code 1.</summary>
    public static async Task<int> RunAsync(string server, Func<WeftClient, Task> action)
    {
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return Fail($"--server '{server}' is not an http(s) URL such as {DefaultServer}.");
        }

        using var client = new WeftClient(uri);
        try
        {
            await action(client);
            return 0;
        }
        catch (WeftApiException ex)
        {
            return Fail(ex.Message);
        }
        catch (HttpRequestException ex)
        {
            return Fail($"cannot reach the Weft server at {uri} ({ex.Message}). Is `weft server` running? Pass --server URL to use another.");
        }
        catch (TaskCanceledException)
        {
            return Fail($"the Weft server at {uri} did not answer in time.");
        }
    }

    public static int Fail(string message)
    {
        Console.Error.WriteLine($"weft: {message}");
        return 1;
    }
}
