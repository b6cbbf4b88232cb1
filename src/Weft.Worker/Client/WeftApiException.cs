using System.Net;

namespace Weft.Worker.Client;

/// <summary>
/// The server answered with a status outside 2xx. <see cref="Exception.Message"/> is the problem's
/// <c>detail</c> (or <c>message</c>), or the raw body when the answer is not problem+json.
/// </summary>
public sealed class WeftApiException : Exception
{
    public WeftApiException(HttpStatusCode statusCode, string? title, string message, string? responseBody = null, string? errorCode = null)
        : base(message)
    {
        StatusCode = statusCode;
        Title = title;
        ResponseBody = responseBody;
        ErrorCode = errorCode;
    }

    public HttpStatusCode StatusCode { get; }

    public string? Title { get; }

    /// <summary>
    /// The problem's short <c>error</c> code: <c>NOT_FOUND</c>, <c>VALIDATION_FAILED</c>, <c>CONFLICT</c>,
    /// <c>PAYLOAD_TOO_LARGE</c>, <c>UNSUPPORTED_MEDIA_TYPE</c>, <c>URI_TOO_LONG</c>, <c>METHOD_NOT_ALLOWED</c>,
    /// <c>INTERNAL_ERROR</c>, ...; null when the answer has none (not problem+json, or not from Weft).
    /// </summary>
    public string? ErrorCode { get; }

    public string? ResponseBody { get; }

    /// <summary>5xx, 408 and 429: worth trying again later.</summary>
    public bool IsTransient =>
        (int)StatusCode >= 500 || StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
}
