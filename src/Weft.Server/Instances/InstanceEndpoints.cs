using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Weft.Engine;
using Weft.Engine.Instances;

namespace Weft.Server.Instances;

internal static class InstanceEndpoints
{
    public static void MapInstanceEndpoints(this IEndpointRouteBuilder app)
    {
        var instances = app.MapGroup("/v1/instances").WithTags("Instances");

        instances.MapPost("/", async (StartInstanceRequest request, WeftEngine engine, CancellationToken cancellationToken) =>
        {
            var instance = await engine.Instances.StartAsync(
                new StartInstanceCommand(request.DefinitionId ?? "", request.Variables, request.BusinessKey, request.Version), cancellationToken);
            return TypedResults.Created($"/v1/instances/{instance.Id}", instance);
        }).WithSummary("Start an instance of a definition (its latest version unless version is given).");

        instances.MapGet("/", async (
            string? definitionId, string? status, string? businessKey, int? page, int? pageSize, WeftEngine engine, CancellationToken cancellationToken) =>
        {
            var query = new InstanceQuery(definitionId, ParseStatus(status), businessKey, page ?? 0, pageSize ?? 20);
            return TypedResults.Ok(await engine.Instances.ListAsync(query, cancellationToken));
        }).WithSummary("List instances, newest first, filtered by definitionId, status and businessKey.");

        instances.MapGet("/{id}", async (string id, WeftEngine engine, CancellationToken cancellationToken) =>
            TypedResults.Ok(await engine.Instances.GetAsync(id, cancellationToken)));

        instances.MapGet("/{id}/history", async (string id, WeftEngine engine, CancellationToken cancellationToken) =>
            TypedResults.Ok(await engine.Instances.GetHistoryAsync(id, cancellationToken)))
            .WithSummary("The instance's step executions (one per attempt) in the order they started.");

        // The body is optional: {"reason": "..."}.
        instances.MapPost("/{id}/cancel", async (string id, CancelInstanceRequest? request, WeftEngine engine, CancellationToken cancellationToken) =>
            TypedResults.Ok(await engine.Instances.CancelAsync(id, request?.Reason, cancellationToken)))
            .WithSummary("Cancel the instance, its open jobs and its running step.");
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
