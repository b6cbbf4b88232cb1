using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Weft.Engine;
using Weft.Engine.UserTasks;
using Weft.Server.Problems;

namespace Weft.Server.UserTasks;

internal static class UserTaskEndpoints
{
    public static void MapUserTaskEndpoints(this IEndpointRouteBuilder app)
    {
        var tasks = app.MapGroup("/v1/user-tasks").WithTags("User tasks").WithProblems();

        tasks.MapGet("/", async (
            string? instanceId, string? assignee, string? candidateGroup, string? status, int? page, int? pageSize, WeftEngine engine,
            CancellationToken cancellationToken) =>
        {
            var query = new UserTaskQuery(instanceId, assignee, candidateGroup, ParseStatus(status), page ?? 0, pageSize ?? Weft.Engine.Storage.Paging.DefaultPageSize);
            return TypedResults.Ok(await engine.UserTasks.ListAsync(query, cancellationToken));
        }).WithSummary("List user tasks, oldest first, filtered by instanceId, assignee, candidateGroup and status (OPEN, COMPLETED, CANCELLED).");

        tasks.MapGet("/{taskId}", async (string taskId, WeftEngine engine, CancellationToken cancellationToken) =>
            TypedResults.Ok(await engine.UserTasks.GetAsync(taskId, cancellationToken)));

        tasks.MapPost("/{taskId}/complete", async (string taskId, UserTaskCompletionRequest? request, WeftEngine engine, CancellationToken cancellationToken) =>
        {
            await engine.UserTasks.CompleteAsync(taskId, request?.Who(), request?.Outcome(), cancellationToken);
            return TypedResults.NoContent();
        }).WithSummary("Complete an open user task by its id; its result is merged into the instance's variables.");

        app.MapPost("/v1/instances/{instanceId}/user-tasks/{stepId}/complete", async (
            string instanceId, string stepId, UserTaskCompletionRequest? request, WeftEngine engine, CancellationToken cancellationToken) =>
        {
            await engine.UserTasks.CompleteAsync(instanceId, stepId, request?.Who(), request?.Outcome(), cancellationToken);
            return TypedResults.NoContent();
        })
        .WithTags("User tasks")
        .WithProblems()
        .WithSummary("Complete the open task of USER_TASK step stepId (Rochallor's route); the same completion again is a no-op.");
    }

    private static UserTaskStatus? ParseStatus(string? status)
    {
        if (string.IsNullOrEmpty(status))
        {
            return null;
        }

        return Enum.TryParse<UserTaskStatus>(status, ignoreCase: true, out var parsed) && !int.TryParse(status, out _)
            ? parsed
            : throw WeftException.Invalid($"status '{status}' is unknown; use one of OPEN, COMPLETED, CANCELLED.");
    }
}
