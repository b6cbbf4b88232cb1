using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Weft.Engine;
using Weft.Engine.Definitions;
using Weft.Server.Hosting;
using Weft.Server.Problems;
using Weft.Server.Requests;

namespace Weft.Server.Definitions;

internal static class DefinitionEndpoints
{
    public static void MapDefinitionEndpoints(this IEndpointRouteBuilder app)
    {
        var definitions = app.MapGroup("/v1/definitions").WithTags("Definitions").WithProblems();

        definitions.MapPost("/", async (HttpRequest http, WeftEngine engine, CancellationToken cancellationToken) =>
        {
            var yaml = IsYaml(http.ContentType);
            if (!yaml && !RequestChecks.IsJson(http.ContentType))
            {
                return Problem.Result(
                    StatusCodes.Status415UnsupportedMediaType,
                    "Send the definition as JSON with the header Content-Type: application/json, or as YAML with Content-Type: application/yaml.");
            }

            using var reader = new StreamReader(http.Body);
            var text = await reader.ReadToEndAsync(cancellationToken);
            var json = yaml ? YamlDocument.ToJson(text) : text;
            var result = await engine.Definitions.DeployAsync(DefinitionParser.Parse(json), cancellationToken);
            if (result.Created)
            {
                http.HttpContext.Response.Headers.Location = $"/v1/definitions/{result.Definition.Id}/versions/{result.Definition.Version}";
            }

            return Results.Json(
                DefinitionUploadResponse.From(result), DocumentAnswers.Options, statusCode: result.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        })
        .Accepts<WorkflowDefinition>("application/json", "application/yaml")
        .Produces<DefinitionUploadResponse>(StatusCodes.Status201Created)
        .Produces<DefinitionUploadResponse>(StatusCodes.Status200OK)
        .WithSummary("Upload a definition (JSON or YAML). A changed definition becomes a new version; an identical one returns the latest (200). Warnings name catalogued inputs that nothing sets.");

        definitions.MapGet("/", async (string? keyword, int? page, int? pageSize, WeftEngine engine, CancellationToken cancellationToken) =>
            Results.Json(await engine.Definitions.ListAsync(keyword, page ?? 0, pageSize ?? Weft.Engine.Storage.Paging.DefaultPageSize, cancellationToken), DocumentAnswers.Options))
            .Produces<Weft.Engine.Storage.PagedResult<WorkflowDefinition>>()
            .WithSummary("The latest version of each definition, optionally filtered by a keyword in the id or name.");

        definitions.MapGet("/{id}", async (string id, WeftEngine engine, CancellationToken cancellationToken) =>
            Json(await engine.Definitions.GetAsync(id, null, cancellationToken)))
            .Produces<WorkflowDefinition>()
            .WithSummary("The latest version of a definition.");

        definitions.MapGet("/{id}/versions/{version:int}", async (string id, int version, WeftEngine engine, CancellationToken cancellationToken) =>
            Json(await engine.Definitions.GetAsync(id, version, cancellationToken)))
            .Produces<WorkflowDefinition>();
    }

    private static bool IsYaml(string? contentType) =>
        contentType is not null && contentType.Contains("yaml", StringComparison.OrdinalIgnoreCase);

    private static IResult Json(WorkflowDefinition definition, int status = StatusCodes.Status200OK) =>
        Results.Json(definition, DocumentAnswers.Options, statusCode: status);
}
