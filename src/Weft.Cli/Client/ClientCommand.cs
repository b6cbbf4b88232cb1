using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
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
            return Fail(Describe(ex));
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

    /// <summary>The server's message; a definition's problems one a line rather than run together.</summary>
    internal static string Describe(WeftApiException ex)
    {
        var problems = ProblemsOf(ex.ResponseBody);
        if (problems.Count < 2)
        {
            return ex.Message;
        }

        // The detail reads "The definition 'x' has 3 problems: (1) ... (2) ..."; keep its head, list the rest.
        var head = ex.Message.IndexOf(" (1) ", StringComparison.Ordinal) is var at and > 0 ? ex.Message[..at] : $"{problems.Count} problems:";
        return head + string.Concat(problems.Select(p => $"{Environment.NewLine}  - {p}"));
    }

    private static List<string> ProblemsOf(string? body)
    {
        try
        {
            return body is not null && JsonNode.Parse(body) is JsonObject { } problem && problem["problems"] is JsonArray list
                ? list.Select(p => p is JsonValue value && value.TryGetValue<string>(out var text) ? text : null).OfType<string>().ToList()
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    public static int Fail(string message)
    {
        Console.Error.WriteLine($"weft: {message}");
        return 1;
    }
}
