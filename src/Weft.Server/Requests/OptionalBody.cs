using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Weft.Engine;

namespace Weft.Server.Requests;

/// <summary>Reads a body that may be absent: none, or an empty one, is null; otherwise it must be a JSON object.</summary>
internal static class OptionalBody
{
    public static async Task<JsonObject?> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength == 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count == 0))
        {
            return null;
        }

        if (!RequestChecks.IsJson(request.ContentType))
        {
            throw new BadHttpRequestException("Send the body as JSON with the header Content-Type: application/json.", StatusCodes.Status415UnsupportedMediaType);
        }

        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text) switch
            {
                JsonObject body => body,
                null => null,
                var other => throw WeftException.Invalid($"The request body must be a JSON object of variables, not {other.GetValueKind().ToString().ToLowerInvariant()}."),
            };
        }
        catch (JsonException ex)
        {
            throw WeftException.Invalid($"The request body could not be read: {JsonProblem.Describe(ex)}");
        }
    }
}
