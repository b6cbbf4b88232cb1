using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Worker.Client;

namespace Weft.Cli.Client;

/// <summary>What every command that talks to a running server shares: the <c>--server</c> option and error reporting.</summary>
internal static class ClientCommand
{
    public const string DefaultServer = "http://127.0.0.1:8080";
    private const int ExcerptLength = 100;

    public static Option<string> ServerOption() => new("--server")
    {
        Description = $"The Weft server's URL (default: $WEFT_SERVER, else {DefaultServer}).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("WEFT_SERVER") is { Length: > 0 } url ? url : DefaultServer,
    };

    /// <summary>
    /// Runs <paramref name="action"/> with a client; turns failures into one line on stderr and exit code 1, or 2 when
    /// <paramref name="server"/> is not a URL.
    /// </summary>
    /// <param name="pathId">An id that goes into the request's URL path, to be shown as typed in the server's messages.</param>
    /// <param name="about">What a failure concerns, e.g. one file of several; it heads the message.</param>
    public static async Task<int> RunAsync(string server, Func<WeftClient, Task> action, string? pathId = null, string? about = null)
    {
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return Errors.Write(ExitCode.Usage, $"--server '{server}' is not an http(s) URL such as {DefaultServer}.");
        }

        const string notWeft = "Is --server the URL of a Weft server?";
        using var client = new WeftClient(uri);
        try
        {
            await action(client);
            return ExitCode.Ok;
        }
        catch (WeftApiException ex) when (ex.ResponseBody is not null && ParseObject(ex.ResponseBody) is null)
        {
            // Weft's errors are problem+json; this is a proxy's error page or another program.
            return Fail($"the server at {uri} answered {(int)ex.StatusCode} {ex.StatusCode}{Excerpt(ex.ResponseBody)}, not a Weft error. {notWeft}");
        }
        catch (WeftApiException ex)
        {
            return Fail(AsTyped(Describe(ex), pathId));
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse)
        {
            return Fail($"the server at {uri} did not answer as a Weft server does ({Errors.Reason(ex.GetBaseException())}). {notWeft}");
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.SecureConnectionError)
        {
            return Fail($"no TLS connection to {uri} ({Errors.Reason(ex.GetBaseException())}). `weft server` serves http://; is --server right?");
        }
        catch (HttpRequestException ex)
        {
            return Fail($"cannot reach the Weft server at {uri} ({Errors.Reason(ex.GetBaseException())}). Is `weft server` running? Pass --server URL to use another.");
        }
        catch (JsonException ex)
        {
            return Fail($"the server at {uri} answered something that is not Weft's JSON ({Errors.Reason(ex)}). {notWeft}");
        }
        catch (TaskCanceledException)
        {
            return Fail($"the Weft server at {uri} did not answer in time.");
        }

        int Fail(string message) => Errors.Write(ExitCode.Failed, about is null ? message : $"{about}: {message}");
    }

    /// <summary>Why <paramref name="id"/> cannot name an instance or definition, before asking the server; null when it can.</summary>
    public static string? ProblemWithId(string id, string kind) => string.IsNullOrWhiteSpace(id) ? $"the {kind} id is empty." : null;

    /// <summary>The server's message; a definition's problems one a line rather than run together.</summary>
    internal static string Describe(WeftApiException ex)
    {
        var problems = ProblemsOf(ex.ResponseBody);
        if (problems.Count < 2)
        {
            return Errors.OneLine(ex.Message);
        }

        // The detail reads "The definition 'x' has 3 problems: (1) ... (2) ..."; keep its head, list the rest.
        var head = ex.Message.IndexOf(" (1) ", StringComparison.Ordinal) is var at and > 0 ? ex.Message[..at] : $"{problems.Count} problems:";
        return head + string.Concat(problems.Select(p => $"{Environment.NewLine}  - {p}"));
    }

    /// <summary>
    /// The client escapes an id into the URL path, and ASP.NET Core decodes the path except for "%2F", so the server
    /// names "../x" as '..%2Fx'. Puts back what the user typed.
    /// </summary>
    private static string AsTyped(string message, string? pathId) =>
        pathId is null || !pathId.Contains('/', StringComparison.Ordinal)
            ? message
            : message.Replace(pathId.Replace("/", "%2F", StringComparison.Ordinal), pathId, StringComparison.Ordinal);

    /// <summary>": " and the body's first line when it is text; nothing for an empty body or HTML.</summary>
    private static string Excerpt(string body)
    {
        var line = body.TrimStart().Split('\n')[0].Trim();
        return line.Length == 0 || line.StartsWith('<') ? "" : $": {(line.Length > ExcerptLength ? line[..ExcerptLength] + "…" : line)}";
    }

    private static List<string> ProblemsOf(string? body) =>
        body is not null && ParseObject(body) is { } problem && problem["problems"] is JsonArray list
            ? list.Select(p => p is JsonValue value && value.TryGetValue<string>(out var text) ? text : null).OfType<string>().ToList()
            : [];

    private static JsonObject? ParseObject(string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

}
