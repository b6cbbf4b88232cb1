using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Weft.Engine;
using Weft.Engine.Jobs;
using Weft.Server.Problems;

namespace Weft.Server.Jobs;

internal static class JobEndpoints
{
    public static void MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/v1/jobs").WithTags("Jobs").WithProblems();

        jobs.MapPost("/poll", async (PollRequest request, WeftEngine engine, IHostApplicationLifetime lifetime, CancellationToken cancellationToken) =>
        {
            var command = new PollCommand(request.WorkerId ?? "", request.JobTypes ?? [], request.MaxJobs ?? 1, request.WaitMs ?? 0, request.LeaseSeconds);
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
            IReadOnlyList<ClaimedJob> claimed;
            try
            {
                claimed = await engine.Jobs.PollAsync(command, waiting.Token);
            }
            catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // The server is stopping: a waiting worker gets its (empty) answer now rather than holding the
                // shutdown until its wait ends, and polls again, elsewhere or later. A poll that claimed jobs has
                // already returned them: the claim is not cancelled once it runs.
                claimed = [];
            }

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

        jobs.MapPost("/complete", (IReadOnlyList<JobAcknowledgement> batch, WeftEngine engine, CancellationToken cancellationToken) =>
            AcknowledgeAsync(batch, async a =>
            {
                await engine.Jobs.CompleteAsync(a.JobId!, a.WorkerId ?? "", a.Variables, cancellationToken);
                return new JobAcknowledgementResult(a.JobId!, StatusCodes.Status204NoContent);
            }))
            .WithSummary("Complete many jobs in one request ([{jobId, workerId, variables}]): each is its own change, answered one result each.");

        jobs.MapPost("/fail", (IReadOnlyList<JobAcknowledgement> batch, WeftEngine engine, CancellationToken cancellationToken) =>
            AcknowledgeAsync(batch, async a =>
            {
                await engine.Jobs.FailAsync(a.JobId!, a.WorkerId ?? "", a.ErrorMessage, a.Retryable ?? true, cancellationToken);
                return new JobAcknowledgementResult(a.JobId!, StatusCodes.Status204NoContent);
            }))
            .WithSummary("Fail many jobs in one request ([{jobId, workerId, errorMessage, retryable}]), one result each.");

        jobs.MapPost("/heartbeat", (IReadOnlyList<JobAcknowledgement> batch, WeftEngine engine, CancellationToken cancellationToken) =>
            AcknowledgeAsync(batch, async a =>
            {
                var expiresAt = await engine.Jobs.HeartbeatAsync(a.JobId!, a.WorkerId ?? "", cancellationToken);
                return new JobAcknowledgementResult(a.JobId!, StatusCodes.Status200OK, LockExpiresAt: expiresAt);
            }))
            .WithSummary("Extend the leases of many jobs in one request ([{jobId, workerId}]), one result each.");

        jobs.MapPost("/{id}/heartbeat", async (string id, HeartbeatRequest request, WeftEngine engine, CancellationToken cancellationToken) =>
        {
            var expiresAt = await engine.Jobs.HeartbeatAsync(id, request.WorkerId ?? "", cancellationToken);
            return TypedResults.Ok(new HeartbeatResponse(expiresAt));
        }).WithSummary("Extend the worker's lease on a job.");

        jobs.MapPost("/{id}/progress", async (string id, ProgressRequest request, WeftEngine engine, CancellationToken cancellationToken) =>
        {
            await engine.Jobs.ReportProgressAsync(id, request.WorkerId ?? "", request.Percent, request.Message, cancellationToken);
            return TypedResults.NoContent();
        }).WithSummary("Report how far the worker holding a job is (percent 0 to 100, optional message); does not extend the lease.");

        jobs.MapPost("/progress", (IReadOnlyList<JobAcknowledgement> batch, WeftEngine engine, CancellationToken cancellationToken) =>
            AcknowledgeAsync(batch, async a =>
            {
                await engine.Jobs.ReportProgressAsync(a.JobId!, a.WorkerId ?? "", a.Percent, a.Message, cancellationToken);
                return new JobAcknowledgementResult(a.JobId!, StatusCodes.Status204NoContent);
            }))
            .WithSummary("Report the progress of many jobs in one request ([{jobId, workerId, percent, message}]), one result each.");

        jobs.MapGet("/{id}", async (string id, WeftEngine engine, CancellationToken cancellationToken) =>
            TypedResults.Ok(JobResponse.From(await engine.Jobs.GetAsync(id, cancellationToken))))
            .WithSummary("A job as it is now, with its latest progress (its instance's variables are left out).");
    }

    /// <summary>Most entries one batched request may hold.</summary>
    public const int MaxBatch = 256;

    // The entries run at the same time, so that the engine commits them together; each keeps its own answer.
    private static async Task<IResult> AcknowledgeAsync(IReadOnlyList<JobAcknowledgement> batch, Func<JobAcknowledgement, Task<JobAcknowledgementResult>> acknowledge)
    {
        if (batch.Count is 0 or > MaxBatch)
        {
            throw WeftException.Invalid($"The batch holds {batch.Count} entries; send 1 to {MaxBatch}, each {{\"jobId\": …, \"workerId\": …}}.");
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(batch[i]?.JobId))
            {
                throw WeftException.Invalid($"[{i}].jobId is required: name the job this entry is about.");
            }
        }

        var results = await Task.WhenAll(batch.Select(async entry =>
        {
            try
            {
                return await acknowledge(entry);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && ProblemExceptionHandler.Describe(ex).Status < 500)
            {
                var (status, detail, _) = ProblemExceptionHandler.Describe(ex);
                return new JobAcknowledgementResult(entry.JobId!, status, Problem.CodeFor(status), detail);
            }

            // An unexpected error fails the whole request (and is logged): resending the batch is safe, since an
            // entry already applied answers the same the second time.
        }));
        return TypedResults.Ok(new JobAcknowledgementResponse(results));
    }
}
