using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Weft.Server.Problems;

/// <summary>
/// Weft's error answers: <c>application/problem+json</c> with <c>message</c> equal to <c>detail</c> and a short
/// <c>error</c> code (the Rochallor SDKs read both), and <c>problems</c> when there are several. <see cref="Complete"/> is the one place that
/// fills in type, title and message, for Weft's own problems and ASP.NET Core's alike.
/// </summary>
internal static class Problem
{
    public static IResult Result(int status, string detail, IReadOnlyList<string>? problems = null)
    {
        var details = new ProblemDetails { Status = status, Detail = detail };
        if (problems is { Count: > 0 })
        {
            details.Extensions["problems"] = problems;
        }

        return Results.Problem(details);
    }

    /// <summary>
    /// Sets Weft's type and title on every problem, gives ASP.NET Core's own problems (a body over the size limit,
    /// a wrong method) a detail that says what to do, and copies the detail to <c>message</c>.
    /// </summary>
    public static void Complete(ProblemDetailsContext context)
    {
        var details = context.ProblemDetails;
        var status = details.Status ?? context.HttpContext.Response.StatusCode;
        details.Type = $"urn:weft:problem:{status}";
        details.Title = TitleFor(status);
        details.Detail ??= status switch
        {
            400 => "The request could not be read: check its request line, headers and body.",
            404 => "No such route. The API is described at /openapi/v1.json.",
            408 => "The request body did not arrive in time; send the whole body without pausing.",
            431 => "The request headers are larger than this server accepts; send fewer or shorter headers.",
            413 => "The request body is larger than this server accepts. Send less data, or raise the server's request size limit.",
            405 => $"{context.HttpContext.Request.Method} is not allowed on {context.HttpContext.Request.Path}. The API is described at /openapi/v1.json.",
            415 => "Send the body as JSON with the header Content-Type: application/json.",
            _ => details.Title,
        };
        details.Extensions["message"] = details.Detail;
        details.Extensions["error"] = CodeFor(status);
    }

    /// <summary>A short, stable code for the kind of error, the <c>error</c> field Rochallor clients read.</summary>
    public static string CodeFor(int status) => status switch
    {
        400 => "VALIDATION_FAILED",
        401 => "UNAUTHORIZED",
        403 => "FORBIDDEN",
        404 => "NOT_FOUND",
        405 => "METHOD_NOT_ALLOWED",
        409 => "CONFLICT",
        413 => "PAYLOAD_TOO_LARGE",
        414 => "URI_TOO_LONG",
        415 => "UNSUPPORTED_MEDIA_TYPE",
        408 => "REQUEST_TIMEOUT",
        431 => "REQUEST_HEADERS_TOO_LARGE",
        429 => "TOO_MANY_REQUESTS",
        _ when status >= 500 => "INTERNAL_ERROR",
        _ => "REQUEST_FAILED",
    };

    public static string TitleFor(int status) => status switch
    {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        405 => "Method not allowed",
        408 => "Request timeout",
        409 => "Conflict",
        413 => "Payload too large",
        414 => "URI too long",
        415 => "Unsupported media type",
        431 => "Request header fields too large",
        429 => "Too many requests",
        505 => "HTTP version not supported",
        _ when status >= 500 => "Internal server error",
        _ => "Request failed",
    };
}
