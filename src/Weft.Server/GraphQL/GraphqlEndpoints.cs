using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Weft.Engine;
using Weft.Server.Problems;
using Weft.Server.Requests;

namespace Weft.Server.GraphQL;

internal static class GraphqlEndpoints
{
    public static void MapGraphqlEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/graphql", async (HttpRequest http, WeftEngine engine, GraphRunner runner, CancellationToken cancellationToken) =>
        {
            var body = await JsonBody.ReadObjectAsync(http, "{\"query\": \"{ instances { total } }\", \"variables\": {}}", cancellationToken);
            var request = new GraphRequest(
                JsonBody.Text(body, "query") ?? throw WeftException.Invalid("The GraphQL request needs a 'query' (a string)."),
                JsonBody.Object(body, "variables"),
                JsonBody.Text(body, "operationName"));
            var answer = await runner.RunAsync(engine, request, cancellationToken);
            return Results.Content(answer.ToJsonString(), "application/json");
        })
        .WithTags("GraphQL").WithProblems()
        .Accepts<GraphRequest>("application/json")
        .Produces<JsonObject>()
        .WithSummary($"A read-only GraphQL query: definitions, instances (tokens, history, jobs, user tasks, timers, progress), jobs, user tasks, catalog, workers. Depth at most {GraphLimits.MaxDepth}, complexity at most {GraphLimits.MaxComplexity}; query errors come in 'errors' with 200.");
    }
}
