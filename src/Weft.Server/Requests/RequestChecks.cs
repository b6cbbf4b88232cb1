using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Weft.Engine;
using Weft.Server.Problems;

namespace Weft.Server.Requests;

/// <summary>
/// The checks every request passes before routing: a URL of reasonable length, and for a JSON body the rules of
/// <see cref="JsonInput"/> (no duplicate keys, valid Unicode, numbers a double holds, bounded depth), so that no
/// endpoint ever reads, stores or echoes a document that breaks them.
/// </summary>
internal sealed class RequestChecks(RequestDelegate next)
{
    /// <summary>Longest URL (path and query, as sent) served; Weft's ids and filters need far less.</summary>
    public const int MaxUrlLength = 8192;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? $"{request.Path}{request.QueryString}";
        if (target.Length > MaxUrlLength)
        {
            await Problem.Result(
                StatusCodes.Status414UriTooLong,
                $"The URL is {target.Length:N0} characters long; the limit is {MaxUrlLength:N0}. Ids and filters are short: send data in a request body.")
                .ExecuteAsync(context);
            return;
        }

        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) && mediaType.CharSet is { Length: > 0 } charset
            && !charset.Trim('"').Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            await Problem.Result(
                StatusCodes.Status415UnsupportedMediaType,
                $"The body is declared as charset '{charset}'; Weft reads request bodies as UTF-8. Send charset=utf-8, or no charset.")
                .ExecuteAsync(context);
            return;
        }

        if (IsJson(request.ContentType) && (request.ContentLength is null or > 0))
        {
            var body = await ReadBodyAsync(request, context.RequestAborted);
            JsonInput.Check(body.GetBuffer().AsSpan(0, (int)body.Length), "The request body");
            request.Body = body;
        }

        await next(context);
    }

    public static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType is { } type
        && (type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.Equals("text/json", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    // The server's body size limit applies while reading: a larger body ends here with a 413.
    private static async Task<MemoryStream> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        body.Position = 0;
        return body;
    }
}
