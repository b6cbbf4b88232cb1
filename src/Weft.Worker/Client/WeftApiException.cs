using System.Net;

namespace Weft.Worker.Client;

/// <summary>
/// The server answered with a status outside 2xx. <see cref="Exception.Message"/> is the problem's
/// <c>detail</c> (or <c>message</c>), or the raw body when the answer is not problem+json.
/// </summary>
public sealed class WeftApiException : Exception
{
    public WeftApiException(HttpStatusCode statusCode, string? title, string message, string? responseBody = null)
        : base(message)
    {
        StatusCode = statusCode;
        Title = title;
        ResponseBody = responseBody;
    }

    public HttpStatusCode StatusCode { get; }

    public string? Title { get; }

    public string? ResponseBody { get; }

    /// <summary>5xx, 408 and 429: worth trying again later.</summary>
    public bool IsTransient =>
        (int)StatusCode >= 500 || StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
}
