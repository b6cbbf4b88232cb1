using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Weft.Engine;

namespace Weft.Server.Requests;

/// <summary>
/// A request body that must be one JSON object, read as a document (RequestChecks has already checked its rules), and
/// its fields by type; anything else is a 400 that names the field and shows an example.
/// </summary>
internal static class JsonBody
{
    public static async Task<JsonObject> ReadObjectAsync(HttpRequest http, string example, CancellationToken cancellationToken)
    {
        if (!RequestChecks.IsJson(http.ContentType))
        {
            throw new BadHttpRequestException("Send the body as JSON with the header Content-Type: application/json.", StatusCodes.Status415UnsupportedMediaType);
        }

        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(http.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            throw WeftException.Invalid($"The request body could not be read: {JsonProblem.Describe(ex)} Send a JSON object such as {example}.");
        }

        return node as JsonObject ?? throw WeftException.Invalid($"The request body must be a JSON object such as {example}.");
    }

    public static string? Text(JsonObject body, string field) => body[field] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => throw WeftException.Invalid($"'{field}' must be a string."),
    };

    public static JsonObject? Object(JsonObject body, string field) => body[field] switch
    {
        null => null,
        JsonObject value => (JsonObject)value.DeepClone(),
        _ => throw WeftException.Invalid($"'{field}' must be a JSON object."),
    };
}
