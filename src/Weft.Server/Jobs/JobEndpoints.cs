using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Weft.Engine;
using Weft.Engine.Jobs;
using Weft.Server.Problems;

namespace Weft.Server.Jobs;

internal static class JobEndpoints
{
    public static void MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/v1/jobs").WithTags("Jobs").WithProblems();

        jobs.MapPost("/poll", async (PollRequest request, WeftEngine engine, CancellationToken cancellationToken) =>
        {
            var command = new PollCommand(request.WorkerId ?? "", request.JobTypes ?? [], request.MaxJobs ?? 1, request.WaitMs ?? 0, request.LeaseSeconds);
            var claimed = await engine.Jobs.PollAsync(command, cancellationToken);
            return TypedResults.Ok(new PollResponse(claimed.Select(JobResponse.From).ToList()));
        }).WithSummary("Lock ready jobs of the given types for a worker (long poll with waitMs).");

        jobs.MapPost("/{id}/complete", async (string id, CompleteJobRequest request, WeftEngine engine, CancellationToken cancellationToken) =>
        {
            await engine.Jobs.CompleteAsync(id, request.WorkerId ?? "", request.Variables, cancellationToken);
            return TypedResults.NoContent();
        }).WithSummary("Complete a locked job; its variables are merged into the instance.");

        jobs.MapPost("/{id}/fail", async (string id, FailJobRequest request, WeftEngine engine, CancellationToken cancellationToken) =>
        {
            await engine.Jobs.FailAsync(id, request.WorkerId ?? "", request.ErrorMessage, request.Retryable ?? true, cancellationToken);
            return TypedResults.NoContent();
        }).WithSummary("Fail a locked job: retried while retries remain, unless retryable is false.");

        jobs.MapPost("/{id}/heartbeat", async (string id, HeartbeatRequest request, WeftEngine engine, CancellationToken cancellationToken) =>
        {
            var expiresAt = await engine.Jobs.HeartbeatAsync(id, request.WorkerId ?? "", cancellationToken);
            return TypedResults.Ok(new HeartbeatResponse(expiresAt));
        }).WithSummary("Extend the worker's lease on a job.");
    }
}
