using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Weft.Worker.Tests.Fakes;

/// <summary>
/// A real HTTP server on 127.0.0.1 that speaks the job part of the wire contract: it hands out scripted jobs on
/// poll and accepts complete, fail and heartbeat (one job at a time or batched), progress reports and catalogs. Every request is recorded before it
/// is answered, and each entry of a batch is also recorded as the single-job request it stands for (so a test waits
/// for a job's completion however it was sent); <see cref="Intercept"/> can answer any of them differently.
/// </summary>
public sealed class FakeWeftServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<JsonObject> _jobs = new();

    private FakeWeftServer(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public Recording<RecordedRequest> Requests { get; } = new();

    /// <summary>Answers a request instead of the default behaviour when it returns non-null.</summary>
    public Func<RecordedRequest, FakeReply?>? Intercept { get; set; }

    public static async Task<FakeWeftServer> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var server = new FakeWeftServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseAddress = new Uri(app.Urls.Single());
        return server;
    }

    /// <param name="lease">How long the job is locked for (<c>lockExpiresAt</c> − <c>lockedAt</c>); 30 s when null.</param>
    public void EnqueueJob(string id, string jobType, JsonObject? variables = null, int retriesRemaining = 3, TimeSpan? lease = null) =>
        _jobs.Enqueue(new JsonObject
        {
            ["id"] = id,
            ["instanceId"] = $"instance-of-{id}",
            ["stepId"] = $"step-id-of-{id}",
            ["stepExecutionId"] = $"step-of-{id}",
            ["jobType"] = jobType,
            ["status"] = "LOCKED",
            ["workerId"] = null,
            ["lockedAt"] = "2026-01-01T00:00:00Z",
            ["lockExpiresAt"] = (new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) + (lease ?? TimeSpan.FromSeconds(30))).ToString("O"),
            ["retriesRemaining"] = retriesRemaining,
            ["variables"] = variables ?? [],
            ["createdAt"] = "2026-01-01T00:00:00Z",
            ["lockToken"] = $"token-of-{id}",
        });

    public Task<IReadOnlyList<RecordedRequest>> WaitForAsync(string method, string path, int count = 1) =>
        Requests.WaitForAsync(request => request.Is(method, path), count);

    public async Task<JsonObject> WaitForCompletionAsync(string jobId) =>
        (await WaitForAsync("POST", $"/v1/jobs/{jobId}/complete"))[0].Json;

    public async Task<JsonObject> WaitForFailureAsync(string jobId) =>
        (await WaitForAsync("POST", $"/v1/jobs/{jobId}/fail"))[0].Json;

    public IReadOnlyList<RecordedRequest> RequestsTo(string method, string path) =>
        [.. Requests.Snapshot().Where(request => request.Is(method, path))];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var request = new RecordedRequest(
            context.Request.Method, context.Request.Path + context.Request.QueryString, context.Request.ContentType, body);
        Requests.Add(request);

        var reply = BatchKind(request) is { } kind ? Batch(request, kind) : Intercept?.Invoke(request) ?? DefaultReply(request);
        context.Response.StatusCode = reply.Status;
        if (reply.Body is not null)
        {
            context.Response.ContentType = reply.ContentType;
            await context.Response.WriteAsync(reply.Body, context.RequestAborted);
        }
    }

    /// <summary>Turn Weft's wire shape off, as a server without the batch routes (the Rochallor engine) would.</summary>
    public bool WithoutBatchRoutes { get; set; }

    private string? BatchKind(RecordedRequest request) =>
        !WithoutBatchRoutes && request.Method == "POST" && request.Path is "/v1/jobs/complete" or "/v1/jobs/fail" or "/v1/jobs/heartbeat"
            ? request.Path["/v1/jobs/".Length..]
            : null;

    /// <summary>Answers each entry as its single-job request would be answered, and the batch with the list of results.</summary>
    private FakeReply Batch(RecordedRequest request, string kind)
    {
        var results = new JsonArray();
        foreach (var entry in JsonNode.Parse(request.Body)!.AsArray())
        {
            var single = entry!.AsObject().DeepClone().AsObject();
            var jobId = single["jobId"]!.GetValue<string>();
            single.Remove("jobId");
            var one = new RecordedRequest("POST", $"/v1/jobs/{jobId}/{kind}", "application/json", single.ToJsonString());
            Requests.Add(one);
            var reply = Intercept?.Invoke(one) ?? DefaultReply(one);
            var result = new JsonObject { ["jobId"] = jobId, ["status"] = reply.Status };
            if (reply.Body is not null && JsonNode.Parse(reply.Body) is JsonObject body)
            {
                foreach (var field in new[] { "error", "message", "lockExpiresAt" })
                {
                    if (body[field] is { } value)
                    {
                        result[field] = value.DeepClone();
                    }
                }
            }

            results.Add(result);
        }

        return FakeReply.Json(200, new JsonObject { ["results"] = results });
    }

    private FakeReply DefaultReply(RecordedRequest request)
    {
        if (request.Is("POST", "/v1/jobs/poll"))
        {
            var maxJobs = (int)request.Json["maxJobs"]!;
            var jobs = new JsonArray();
            while (jobs.Count < maxJobs && _jobs.TryDequeue(out var job))
            {
                job["workerId"] = request.Json["workerId"]?.DeepClone();
                jobs.Add(job);
            }

            return FakeReply.Json(200, new JsonObject { ["jobs"] = jobs });
        }

        // /v1/jobs/{id}/complete and the like: four segments (a batch route, /v1/jobs/complete, has three).
        if (request.Method == "POST" && request.Path.StartsWith("/v1/jobs/", StringComparison.Ordinal) && request.Path.Count(c => c == '/') == 4)
        {
            if (request.Path.EndsWith("/complete", StringComparison.Ordinal) || request.Path.EndsWith("/fail", StringComparison.Ordinal))
            {
                return FakeReply.NoContent();
            }

            if (request.Path.EndsWith("/heartbeat", StringComparison.Ordinal))
            {
                return FakeReply.Json(200, new JsonObject { ["lockExpiresAt"] = "2026-01-01T00:01:00Z" });
            }

            if (request.Path.EndsWith("/progress", StringComparison.Ordinal))
            {
                return FakeReply.NoContent();
            }
        }

        // PUT /v1/catalog/{namespace}: the namespace as stored, its tasks sorted by name.
        if (request.Method == "PUT" && request.Path.StartsWith("/v1/catalog/", StringComparison.Ordinal))
        {
            var name = request.Path["/v1/catalog/".Length..].Split('?')[0];
            var tasks = request.Json["tasks"]!.AsArray().Select(t => t!.DeepClone()).OrderBy(t => (string?)t["name"], StringComparer.Ordinal);
            return FakeReply.Json(200, new JsonObject { ["namespace"] = name, ["tasks"] = new JsonArray([.. tasks]), ["updatedAt"] = "2026-01-01T00:00:00Z" });
        }

        return FakeReply.Problem(404, "Not Found", $"The fake server has no route {request.Method} {request.Path}.");
    }
}
