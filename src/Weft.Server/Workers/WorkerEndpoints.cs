using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Weft.Engine;
using Weft.Server.Problems;

namespace Weft.Server.Workers;

internal static class WorkerEndpoints
{
    public static void MapWorkerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/workers").WithTags("Workers").WithProblems()
            .MapGet("/", async (WeftEngine engine, CancellationToken cancellationToken) =>
                TypedResults.Ok(new WorkerListResponse(await engine.Workers.ListAsync(cancellationToken))))
            .WithSummary("The workers that polled in the last hour, on any node: their job types, latest poll and the jobs they hold.");
    }
}
