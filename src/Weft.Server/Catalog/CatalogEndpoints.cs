using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Weft.Engine;
using Weft.Engine.Catalog;
using Weft.Server.Hosting;
using Weft.Server.Problems;
using Weft.Server.Requests;

namespace Weft.Server.Catalog;

internal static class CatalogEndpoints
{
    public static void MapCatalogEndpoints(this IEndpointRouteBuilder app)
    {
        var catalog = app.MapGroup("/v1/catalog").WithTags("Catalog").WithProblems();

        catalog.MapPut("/{namespace}", async (string @namespace, string? replace, HttpRequest http, WeftEngine engine, CancellationToken cancellationToken) =>
        {
            if (!RequestChecks.IsJson(http.ContentType))
            {
                return Problem.Result(StatusCodes.Status415UnsupportedMediaType, "Send the tasks as JSON with the header Content-Type: application/json.");
            }

            var replacing = ParseReplace(replace);
            using var reader = new StreamReader(http.Body);
            var document = CatalogJson.Parse(await reader.ReadToEndAsync(cancellationToken));
            return Json(await engine.Catalog.PublishAsync(@namespace, document.Tasks, replacing, cancellationToken));
        })
        .Accepts<CatalogDocument>("application/json")
        .Produces<CatalogNamespace>()
        .WithSummary("Publish tasks to a namespace of the catalog: added or replaced by name, or with ?replace=true exactly these tasks.");

        catalog.MapGet("/", async (WeftEngine engine, CancellationToken cancellationToken) =>
            Results.Json(new CatalogListResponse(await engine.Catalog.ListAsync(cancellationToken)), DocumentAnswers.Options))
            .Produces<CatalogListResponse>()
            .WithSummary("Every namespace of the catalog with its tasks, sorted by namespace.");

        catalog.MapGet("/{namespace}", async (string @namespace, WeftEngine engine, CancellationToken cancellationToken) =>
            Json(await engine.Catalog.GetAsync(@namespace, cancellationToken)))
            .Produces<CatalogNamespace>()
            .WithSummary("One namespace of the catalog with its tasks, sorted by name.");
    }

    private static bool ParseReplace(string? replace) => replace?.ToLowerInvariant() switch
    {
        null or "false" => false,
        "true" => true,
        _ => throw WeftException.Invalid($"replace is '{replace}'; send replace=true to make the namespace hold exactly the tasks sent, or leave it out to add them."),
    };

    private static IResult Json(CatalogNamespace @namespace) => Results.Json(@namespace, DocumentAnswers.Options);
}
