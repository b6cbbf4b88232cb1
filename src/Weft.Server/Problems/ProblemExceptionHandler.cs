using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Weft.Engine;

namespace Weft.Server.Problems;

/// <summary>Turns every exception into a problem+json answer; bad input never becomes a 500 or shows a stack trace.</summary>
internal sealed partial class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, detail, problems) = Describe(exception);
        if (status >= 500)
        {
            LogUnexpected(exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        await Problem.Result(status, detail, problems).ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>The answer an error gets: its status, a detail for a person, and the list of problems when there are several.</summary>
    internal static (int Status, string Detail, IReadOnlyList<string>? Problems) Describe(Exception exception) => exception switch
    {
        WeftException weft => (StatusFor(weft.Kind), weft.Message, weft.Problems),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            (413, "The request body is larger than this server accepts. Send less data, or raise the server's request size limit.", null),
        BadHttpRequestException { InnerException: JsonException json } => (400, $"The request body could not be read: {JsonProblem.Describe(json)}", null),
        BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } =>
            (415, "Send the body as JSON with the header Content-Type: application/json.", null),
        BadHttpRequestException bad => (bad.StatusCode, Reword(bad.Message), null),
        JsonException json => (400, $"The request body could not be read: {JsonProblem.Describe(json)}", null),
        _ => (500, "Weft hit an unexpected error; it has been logged. The request may be retried.", null),
    };

    private static int StatusFor(WeftErrorKind kind) => kind switch
    {
        WeftErrorKind.NotFound => StatusCodes.Status404NotFound,
        WeftErrorKind.Conflict => StatusCodes.Status409Conflict,
        WeftErrorKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        _ => StatusCodes.Status400BadRequest,
    };

    // ASP.NET Core's binding messages name C# parameters; keep them but say what to send.
    private static string Reword(string message) =>
        message.StartsWith("Implicit body inferred", StringComparison.Ordinal) || message.Contains("was not provided from body", StringComparison.Ordinal)
            ? "The request needs a JSON body; see /openapi/v1.json for its fields."
            : message.Contains("Content-Type", StringComparison.OrdinalIgnoreCase)
                ? "Send the body as JSON with the header Content-Type: application/json."
                : message;

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error in {Method} {Path}")]
    private partial void LogUnexpected(Exception exception, string method, string path);
}
