using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Weft.Engine;
using Weft.Engine.Instances;
using Weft.Server.Problems;
using Weft.Server.Requests;

namespace Weft.Server.Instances;

internal static class InstanceEndpoints
{
    public static void MapInstanceEndpoints(this IEndpointRouteBuilder app)
    {
        var instances = app.MapGroup("/v1/instances").WithTags("Instances").WithProblems();

        instances.MapPost("/", async (StartInstanceRequest request, WeftEngine engine, CancellationToken cancellationToken) =>
        {
            var instance = await engine.Instances.StartAsync(
                new StartInstanceCommand(request.DefinitionId ?? "", request.Variables, request.BusinessKey, request.RequestedVersion()), cancellationToken);
            return TypedResults.Created($"/v1/instances/{instance.Id}", instance);
        }).WithSummary("Start an instance of a definition (its latest version unless definitionVersion is given).");

        instances.MapGet("/", async (
            string? definitionId, string? status, string? businessKey, int? page, int? pageSize, WeftEngine engine, CancellationToken cancellationToken) =>
        {
            var query = new InstanceQuery(definitionId, ParseStatus(status), businessKey, page ?? 0, pageSize ?? Weft.Engine.Storage.Paging.DefaultPageSize);
            return TypedResults.Ok(await engine.Instances.ListAsync(query, cancellationToken));
        }).WithSummary("List instances, newest first, filtered by definitionId, status and businessKey.");

        instances.MapGet("/{id}", async (string id, WeftEngine engine, CancellationToken cancellationToken) =>
            TypedResults.Ok(await engine.Instances.GetAsync(id, cancellationToken)));

        instances.MapGet("/{id}/history", async (string id, WeftEngine engine, CancellationToken cancellationToken) =>
            TypedResults.Ok(new HistoryResponse(await engine.Instances.GetHistoryAsync(id, cancellationToken))))
            .WithSummary("The instance's step executions (one per attempt) in the order they started.");

        // The body is optional: {"reason": "..."}.
        instances.MapPost("/{id}/cancel", async (string id, CancelInstanceRequest? request, WeftEngine engine, CancellationToken cancellationToken) =>
            TypedResults.Ok(await engine.Instances.CancelAsync(id, request?.Reason, cancellationToken)))
            .WithSummary("Cancel the instance and everything it waits on: jobs, user tasks, timers, sub-workflow instances.");

        // The body is the variables to merge, without a wrapper (Rochallor's shape); it is optional.
        instances.MapPost("/{id}/signals/{stepId}", async (string id, string stepId, HttpRequest http, WeftEngine engine, CancellationToken cancellationToken) =>
        {
            await engine.Instances.SignalAsync(id, stepId, await OptionalBody.ReadObjectAsync(http, cancellationToken), cancellationToken);
            return TypedResults.NoContent();
        })
        .Accepts<System.Text.Json.Nodes.JsonObject>(isOptional: true, "application/json")
        .WithSummary("Signal the instance waiting at WAIT step stepId; the body (an object, optional) is merged into its variables.");

        instances.MapPost("/{id}/suspend", async (string id, WeftEngine engine, CancellationToken cancellationToken) =>
            TypedResults.Ok(await engine.Instances.SuspendAsync(id, cancellationToken)))
            .WithSummary("Stop handing out the instance's jobs; running jobs may finish; timers wait for the resume.");

        instances.MapPost("/{id}/resume", async (string id, WeftEngine engine, CancellationToken cancellationToken) =>
            TypedResults.Ok(await engine.Instances.ResumeAsync(id, cancellationToken)))
            .WithSummary("Resume a suspended instance; timers that fell due meanwhile fire now.");

        instances.MapPost("/{id}/retry", async (string id, WeftEngine engine, CancellationToken cancellationToken) =>
            TypedResults.Ok(await engine.Instances.RetryAsync(id, cancellationToken)))
            .WithSummary("Run the failed steps of a FAILED instance again, with fresh retries.");
    }

    private static InstanceStatus? ParseStatus(string? status)
    {
        if (string.IsNullOrEmpty(status))
        {
            return null;
        }

        // Only a status's own name: Enum.TryParse would also take numbers and "ACTIVE,COMPLETED" (a flag combination).
        return Enum.GetNames<InstanceStatus>().FirstOrDefault(n => n.Equals(status, StringComparison.OrdinalIgnoreCase)) is { } name
            ? Enum.Parse<InstanceStatus>(name)
            : throw WeftException.Invalid(
                $"status '{status}' is unknown; use one of {string.Join(", ", Enum.GetNames<InstanceStatus>().Select(n => n.ToUpperInvariant()))}.");
    }
}
