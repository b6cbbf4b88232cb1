using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Worker.Client;

namespace Weft.Cli.Client;

/// <summary>
/// What every command that talks to a running server shares: finding the server, the API key, the timeout, running a
/// command of <c>POST /v1/commands</c>, and turning every failure into one line on stderr and its exit code.
/// </summary>
internal static class ClientCommand
{
    public const string DefaultServer = ServerLocator.DefaultServer;
    private const int ExcerptLength = 100;

    /// <summary>
    /// Runs <paramref name="action"/> with a client of the located server; turns failures into one line on stderr and
    /// the exit code that tells them apart (see <see cref="ExitCode"/>).
    /// </summary>
    /// <param name="pathId">An id that goes into the request's URL path, to be shown as typed in the server's messages.</param>
    /// <param name="about">What a failure concerns, e.g. one file of several; it heads the message.</param>
    public static async Task<int> RunAsync(ParseResult parse, ClientOptions options, Func<WeftClient, Task<int>> action, string? pathId = null, string? about = null)
    {
        Uri uri;
        string source;
        TimeSpan timeout;
        try
        {
            timeout = options.TimeoutOf(parse);
            (uri, source) = ServerLocator.Locate(parse.GetValue(options.Server));
        }
        catch (CliFailure failure)
        {
            return Errors.Write(failure.ExitCode, failure.Message);
        }

        const string notWeft = "Is --server the URL of a Weft server?";
        using var http = WeftClient.CreateHttpClient(uri, WeftClient.ApiKeyFromEnvironment());
        http.Timeout = timeout;
        using var client = new WeftClient(http);
        try
        {
            return await action(client);
        }
        catch (CliFailure failure)
        {
            return Fail(failure.ExitCode, failure.Message);
        }
        catch (WeftApiException ex) when (ex.ResponseBody is not null && ParseObject(ex.ResponseBody) is null)
        {
            // Weft's errors are problem+json; this is a proxy's error page or another program.
            return Fail(ExitCode.Failed, $"the server at {uri} answered {(int)ex.StatusCode} {ex.StatusCode}{Excerpt(ex.ResponseBody)}, not a Weft error. {notWeft}");
        }
        catch (WeftApiException ex)
        {
            return Fail(ExitCodeOf(ex.StatusCode), AsTyped(Describe(ex), pathId) + KeyHint(ex.StatusCode));
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse)
        {
            return Fail(ExitCode.Failed, $"the server at {uri} did not answer as a Weft server does ({Errors.Reason(ex.GetBaseException())}). {notWeft}");
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.SecureConnectionError)
        {
            return Fail(ExitCode.Unreachable, $"no TLS connection to {uri} ({Errors.Reason(ex.GetBaseException())}). `weft server` serves http://; is --server right?");
        }
        catch (HttpRequestException ex) when (ex.GetBaseException() is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            return Fail(ExitCode.Unreachable, $"cannot reach the Weft server: nothing listens at {uri} (the URL came from {source}). Is `weft server` running? Pass --server URL to use another.");
        }
        catch (HttpRequestException ex)
        {
            return Fail(ExitCode.Unreachable, $"cannot reach the Weft server at {uri} ({Errors.Reason(ex.GetBaseException())}; the URL came from {source}). Is `weft server` running? Pass --server URL to use another.");
        }
        catch (JsonException ex)
        {
            return Fail(ExitCode.Failed, $"the server at {uri} answered something that is not Weft's JSON ({Errors.Reason(ex)}). {notWeft}");
        }
        catch (TaskCanceledException)
        {
            return Fail(ExitCode.Unreachable, $"the Weft server at {uri} did not answer within {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s: it is busy or stuck. Try again, or pass --timeout SECONDS to wait longer.");
        }

        int Fail(int exitCode, string message) => Errors.Write(exitCode, about is null ? message : $"{about}: {message}");
    }

    /// <summary>Runs <paramref name="action"/>, which ends with exit code 0 unless it fails.</summary>
    public static Task<int> RunAsync(ParseResult parse, ClientOptions options, Func<WeftClient, Task> action, string? pathId = null, string? about = null) =>
        RunAsync(parse, options, async client =>
        {
            await action(client);
            return ExitCode.Ok;
        }, pathId, about);

    /// <summary>
    /// Runs a command of <c>POST /v1/commands</c> and returns its <c>data</c>; a handled error becomes a
    /// <see cref="CliFailure"/> with exit code 3 (NOT_FOUND) or 4 (any other refusal).
    /// </summary>
    public static async Task<JsonNode?> CommandAsync(WeftClient client, string command, JsonObject? args = null)
    {
        var answer = await client.SendCommandAsync(command, args);
        if (answer["error"] is JsonObject error)
        {
            throw new CliFailure(ExitCodeOf(error), Errors.OneLine(error["message"]?.ToString() ?? "the command failed."));
        }

        return answer.ContainsKey("data") ? answer["data"] : throw new JsonException("the answer has neither data nor error");
    }

    /// <summary>The exit code of a handled command error: 3 for NOT_FOUND, else 4.</summary>
    public static int ExitCodeOf(JsonObject error) => error["code"]?.ToString() == "NOT_FOUND" ? ExitCode.NotFound : ExitCode.Rejected;

    public static int ExitCodeOf(HttpStatusCode status) => (int)status switch
    {
        401 or 403 or 429 => ExitCode.Unauthorized,
        404 => ExitCode.NotFound,
        400 or 409 or 413 or 415 or 422 => ExitCode.Rejected,
        _ => ExitCode.Failed,
    };

    private static string KeyHint(HttpStatusCode status) => (int)status switch
    {
        401 => WeftClient.ApiKeyFromEnvironment() is null ? " (WEFT_API_KEY is not set.)" : " (weft sent the key in WEFT_API_KEY.)",
        403 => " (weft sent the key in WEFT_API_KEY: set it to an admin key.)",
        _ => "",
    };

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
