using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Weft.Server.Auth;

/// <summary>
/// The one place that says what a worker key may do; an admin key may do everything, and every route but
/// <c>/healthz</c> needs a key once keys are configured. A route is named by its method and route pattern, so a new
/// endpoint is admin-only until it is listed here.
/// </summary>
internal static class RouteScopes
{
    public const string Health = "/healthz";

    /// <summary>The one command a worker key may run: it tells a worker the server is there.</summary>
    public const string WorkerCommand = "ping";

    private const string Commands = "/v1/commands";

    private static readonly HashSet<string> WorkerRoutes = new(StringComparer.OrdinalIgnoreCase)
    {
        "POST /v1/jobs/poll",
        "POST /v1/jobs/{id}/complete",
        "POST /v1/jobs/{id}/fail",
        "POST /v1/jobs/{id}/heartbeat",
        "POST /v1/jobs/{id}/progress",
        "POST /v1/jobs/complete",
        "POST /v1/jobs/fail",
        "POST /v1/jobs/heartbeat",
        "POST /v1/jobs/progress",
        "GET /v1/jobs/{id}",
        "PUT /v1/catalog/{namespace}",
        "GET /v1/catalog",
        "GET /v1/catalog/{namespace}",
    };

    /// <summary>What a worker key may do, in the words of a 403.</summary>
    public const string WorkerMay =
        "a worker key may poll jobs, complete, fail, heartbeat and report progress of them, read a job, publish and read the catalog, and run the command ping";

    /// <summary>Whether a worker key may make this (routed) request; for <c>/v1/commands</c> it reads the envelope's command.</summary>
    public static async Task<bool> AllowsWorkerAsync(HttpContext context)
    {
        var route = RouteOf(context);
        if (route is null)
        {
            return false;
        }

        if (WorkerRoutes.Contains($"{context.Request.Method} {route}"))
        {
            return true;
        }

        return HttpMethods.IsPost(context.Request.Method) && route == Commands && await CommandOfAsync(context.Request) == WorkerCommand;
    }

    private static string? RouteOf(HttpContext context) =>
        context.GetEndpoint() is RouteEndpoint endpoint && endpoint.RoutePattern.RawText is { } raw
            ? "/" + raw.Trim('/')
            : null;

    /// <summary>The envelope's <c>command</c>; the body stays readable for the endpoint.</summary>
    private static async Task<string?> CommandOfAsync(HttpRequest request)
    {
        request.EnableBuffering();
        try
        {
            var node = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            return node is JsonObject envelope && envelope["command"] is JsonValue name && name.GetValueKind() == JsonValueKind.String
                ? name.GetValue<string>()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            request.Body.Position = 0;
        }
    }
}
