using System.Net;
using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;

namespace Weft.Server.Tests.Api;

/// <summary>
/// Rochallor's SDKs must work against Weft unchanged: every route of its REST reference exists in Weft's OpenAPI
/// document, with its success status, and every field it names there has a compatible type.
/// </summary>
public sealed class RochallorCompatibilityTests : IAsyncLifetime
{
    private WeftTestServer _server = null!;
    private OpenApiSchema _openApi = null!;

    public async Task InitializeAsync()
    {
        _server = await WeftTestServer.StartAsync();
        _openApi = new OpenApiSchema(await OpenApiDocument.FetchAsync(_server));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Every_reference_route_and_field_is_in_the_document_with_a_compatible_type()
    {
        var problems = RochallorReference.Operations.SelectMany(Check).ToList();

        var unexpected = problems.Where(problem => !RochallorReference.KnownGaps.Contains(problem.Key)).ToList();
        Assert.True(unexpected.Count == 0, "Weft's OpenAPI document breaks the Rochallor reference:\n"
            + string.Join("\n", unexpected.Select(problem => $"  {problem.Key}: {problem.Message}")));

        var closed = RochallorReference.KnownGaps.Where(gap => problems.All(problem => problem.Key != gap)).ToList();
        Assert.True(closed.Count == 0, "These known gaps are described now; remove them from RochallorReference.KnownGaps:\n  "
            + string.Join("\n  ", closed));
    }

    [Theory]
    [InlineData("/v1/instances/nope", HttpStatusCode.NotFound, "NOT_FOUND")]
    [InlineData("/v1/instances?status=DONE", HttpStatusCode.BadRequest, "VALIDATION_FAILED")]
    public async Task Errors_carry_the_reference_error_and_message_fields(string path, HttpStatusCode status, string error)
    {
        // Rochallor's Error: required error and message, both strings. Weft's document does not describe error bodies.
        var response = await _server.Http.GetAsync(new Uri(path, UriKind.Relative));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(error, body["error"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(body["message"]!.GetValue<string>()));
    }

    private IEnumerable<(string Key, string Message)> Check(ReferenceOperation reference)
    {
        var operation = _openApi.Operation(reference.Method, reference.Path);
        if (operation is null)
        {
            yield return (reference.ToString(), "the route is missing");
            yield break;
        }

        foreach (var problem in CheckPart(reference, "request", operation["requestBody"]?["content"]?["application/json"]?["schema"], reference.Request))
        {
            yield return problem;
        }

        var status = reference.SuccessStatus.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var response = operation["responses"]?[status];
        if (response is null)
        {
            yield return ($"{reference} response {status}", $"the status {status} is not declared");
            yield break;
        }

        foreach (var problem in CheckPart(reference, $"response {status}", response["content"]?["application/json"]?["schema"], reference.Response))
        {
            yield return problem;
        }

        foreach (var field in reference.Query ?? [])
        {
            var (name, type) = Split(field);
            var parameter = operation["parameters"]?.AsArray()
                .FirstOrDefault(p => (string?)p!["in"] == "query" && (string?)p["name"] == name);
            var why = parameter is null ? "is missing" : _openApi.Incompatibility(parameter["schema"]!, type);
            if (why is not null)
            {
                yield return ($"{reference} query {name}", $"the query parameter {why}");
            }
        }
    }

    private IEnumerable<(string Key, string Message)> CheckPart(ReferenceOperation reference, string part, JsonNode? schema, string[] fields)
    {
        if (fields.Length == 0)
        {
            yield break;
        }

        if (schema is null)
        {
            yield return ($"{reference} {part}", $"no JSON schema is declared for the {part}");
            yield break;
        }

        foreach (var field in fields)
        {
            var (path, type) = Split(field);
            var node = _openApi.Field(schema, path);
            var why = node is null ? "is missing" : _openApi.Incompatibility(node, type);
            if (why is not null)
            {
                yield return ($"{reference} {part} {path}", $"{(path.Length == 0 ? "the body" : path)} {why} (the reference: {type})");
            }
        }
    }

    private static (string Path, string Type) Split(string field)
    {
        var colon = field.IndexOf(": ", StringComparison.Ordinal);
        return (field[..colon], field[(colon + 2)..]);
    }
}
