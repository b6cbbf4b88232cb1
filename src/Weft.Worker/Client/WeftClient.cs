using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Weft.Worker.Client;

/// <summary>
/// Typed client for the Weft REST API (<c>/v1</c>). Every non-2xx answer throws <see cref="WeftApiException"/>.
/// </summary>
public sealed class WeftClient : IDisposable
{
    private static readonly WeftJsonContext Json = WeftJsonContext.Default;

    private readonly HttpClient _http;
    private readonly bool _ownsHttpClient;

    /// <summary>Uses <paramref name="httpClient"/> as is; its <see cref="HttpClient.BaseAddress"/> must be the server.</summary>
    public WeftClient(HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        if (httpClient.BaseAddress is null)
        {
            throw new ArgumentException("The HttpClient needs a BaseAddress: the Weft server's URL.", nameof(httpClient));
        }

        _http = httpClient;
    }

    /// <summary>
    /// Creates and owns an HttpClient for <paramref name="baseAddress"/>, e.g. <c>http://localhost:8080</c>, that sends
    /// the API key in <c>WEFT_API_KEY</c> when it is set.
    /// </summary>
    public WeftClient(Uri baseAddress)
        : this(baseAddress, ApiKeyFromEnvironment())
    {
    }

    /// <summary>
    /// Creates and owns an HttpClient for <paramref name="baseAddress"/> that sends <paramref name="apiKey"/> as
    /// <c>Authorization: Bearer</c> (none when null).
    /// </summary>
    public WeftClient(Uri baseAddress, string? apiKey)
        : this(CreateHttpClient(baseAddress, apiKey))
    {
        _ownsHttpClient = true;
    }

    /// <summary>The environment variable that holds the API key clients send: <c>WEFT_API_KEY</c>.</summary>
    public const string ApiKeyVariable = "WEFT_API_KEY";

    /// <summary>The key in <c>WEFT_API_KEY</c>, or null when it is unset or empty.</summary>
    public static string? ApiKeyFromEnvironment() =>
        Environment.GetEnvironmentVariable(ApiKeyVariable) is { Length: > 0 } key ? key.Trim() : null;

    /// <summary>An HttpClient for <paramref name="baseAddress"/> that sends <paramref name="apiKey"/> (when not null) with every request.</summary>
    public static HttpClient CreateHttpClient(Uri baseAddress, string? apiKey)
    {
        var http = new HttpClient { BaseAddress = WithTrailingSlash(baseAddress) };
        if (!string.IsNullOrEmpty(apiKey))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return http;
    }

    public Uri BaseAddress => _http.BaseAddress!;

    // ---- Jobs (worker API) ----

    /// <summary>Claims up to <paramref name="maxJobs"/> jobs of the given types; an empty list when none is ready.</summary>
    /// <param name="waitMs">Long poll: how long the server may hold the request waiting for a job (0 or null = answer at once).</param>
    /// <param name="leaseSeconds">How long the jobs stay locked for this worker, 5 to 3600 seconds; null = the step's or the server's lease.</param>
    public async Task<IReadOnlyList<ActivatedJob>> PollJobsAsync(
        string workerId,
        IEnumerable<string> jobTypes,
        int maxJobs,
        int? waitMs = null,
        int? leaseSeconds = null,
        CancellationToken cancellationToken = default)
    {
        var request = new PollJobsRequest(workerId, [.. jobTypes], maxJobs, waitMs ?? 0, leaseSeconds);
        var response = await SendAsync(
            HttpMethod.Post, "v1/jobs/poll", JsonContent.Create(request, Json.PollJobsRequest), Json.PollJobsResponse, cancellationToken);
        return response.Jobs ?? [];
    }

    /// <summary>Completes a job; <paramref name="variables"/> are merged into the instance (null = none).</summary>
    public Task CompleteJobAsync(string jobId, string workerId, JsonObject? variables, CancellationToken cancellationToken = default) =>
        SendAsync(
            HttpMethod.Post,
            $"v1/jobs/{Escape(jobId)}/complete",
            JsonContent.Create(new CompleteJobRequest(workerId, variables ?? []), Json.CompleteJobRequest),
            cancellationToken);

    /// <summary>Fails a job; a retryable failure uses up one retry, a non-retryable one fails the step at once.</summary>
    public Task FailJobAsync(string jobId, string workerId, string errorMessage, bool retryable, CancellationToken cancellationToken = default) =>
        SendAsync(
            HttpMethod.Post,
            $"v1/jobs/{Escape(jobId)}/fail",
            JsonContent.Create(new FailJobRequest(workerId, errorMessage, retryable), Json.FailJobRequest),
            cancellationToken);

    /// <summary>Extends the job's lease; returns the new expiry (null if the server did not say).</summary>
    public async Task<DateTimeOffset?> HeartbeatJobAsync(string jobId, string workerId, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(
            HttpMethod.Post,
            $"v1/jobs/{Escape(jobId)}/heartbeat",
            JsonContent.Create(new HeartbeatJobRequest(workerId), Json.HeartbeatJobRequest),
            Json.HeartbeatJobResponse,
            cancellationToken);
        return response.LockExpiresAt;
    }

    /// <summary>
    /// Completes many jobs in one request (<c>POST /v1/jobs/complete</c>): each is applied on its own and answered on
    /// its own. At most 256 at once.
    /// </summary>
    public Task<IReadOnlyList<JobReportResult>> CompleteJobsAsync(IReadOnlyList<JobReport> reports, CancellationToken cancellationToken = default) =>
        ReportAsync("v1/jobs/complete", reports, cancellationToken);

    /// <summary>Fails many jobs in one request (<c>POST /v1/jobs/fail</c>), each answered on its own. At most 256 at once.</summary>
    public Task<IReadOnlyList<JobReportResult>> FailJobsAsync(IReadOnlyList<JobReport> reports, CancellationToken cancellationToken = default) =>
        ReportAsync("v1/jobs/fail", reports, cancellationToken);

    /// <summary>Extends the leases of many jobs in one request (<c>POST /v1/jobs/heartbeat</c>), each answered on its own.</summary>
    public Task<IReadOnlyList<JobReportResult>> HeartbeatJobsAsync(IReadOnlyList<JobReport> reports, CancellationToken cancellationToken = default) =>
        ReportAsync("v1/jobs/heartbeat", reports, cancellationToken);

    private async Task<IReadOnlyList<JobReportResult>> ReportAsync(string path, IReadOnlyList<JobReport> reports, CancellationToken cancellationToken)
    {
        var response = await SendAsync(
            HttpMethod.Post, path, JsonContent.Create(reports, Json.IReadOnlyListJobReport), Json.JobReportResponse, cancellationToken);
        return response.Results ?? [];
    }

    /// <summary>
    /// Reports a job's progress (<c>POST /v1/jobs/{id}/progress</c>): <paramref name="percent"/> from 0 to 100 and an
    /// optional message. Only the worker holding the job may report (409 otherwise; 404 for an unknown job); a report
    /// does not extend the lease.
    /// </summary>
    public Task ReportProgressAsync(string jobId, string workerId, double percent, string? message = null, CancellationToken cancellationToken = default) =>
        SendAsync(
            HttpMethod.Post,
            $"v1/jobs/{Escape(jobId)}/progress",
            JsonContent.Create(new ProgressRequest(workerId, percent, message), Json.ProgressRequest),
            cancellationToken);

    /// <summary>A job as the server has it now (<c>GET /v1/jobs/{id}</c>), with its latest progress; its variables may be left out.</summary>
    public Task<ActivatedJob> GetJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"v1/jobs/{Escape(jobId)}", null, Json.ActivatedJob, cancellationToken);

    /// <summary>The workers that polled in the last hour, sorted by id (<c>GET /v1/workers</c>).</summary>
    public async Task<IReadOnlyList<WorkerInfo>> ListWorkersAsync(CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(HttpMethod.Get, "v1/workers", null, Json.WorkerListResponse, cancellationToken);
        return response.Items ?? [];
    }

    // ---- Task catalog ----

    /// <summary>
    /// Publishes tasks to a catalog namespace (<c>PUT /v1/catalog/{namespace}</c>). Without <paramref name="replace"/>
    /// the tasks are added or replaced by name and the namespace's other tasks stay; with it the namespace holds exactly
    /// <paramref name="tasks"/> afterwards. Returns the namespace as stored.
    /// </summary>
    public Task<CatalogNamespace> PublishCatalogAsync(
        string @namespace, IEnumerable<CatalogTask> tasks, bool replace = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var path = $"v1/catalog/{Escape(@namespace)}{(replace ? "?replace=true" : "")}";
        return SendAsync(
            HttpMethod.Put, path, JsonContent.Create(new PublishCatalogRequest([.. tasks]), Json.PublishCatalogRequest), Json.CatalogNamespace, cancellationToken);
    }

    /// <summary>One catalog namespace with its tasks (<c>GET /v1/catalog/{namespace}</c>); 404 when nothing was published to it.</summary>
    public Task<CatalogNamespace> GetCatalogAsync(string @namespace, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"v1/catalog/{Escape(@namespace)}", null, Json.CatalogNamespace, cancellationToken);

    /// <summary>Every catalog namespace with its tasks, sorted by namespace (<c>GET /v1/catalog</c>).</summary>
    public async Task<IReadOnlyList<CatalogNamespace>> ListCatalogAsync(CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(HttpMethod.Get, "v1/catalog", null, Json.CatalogListResponse, cancellationToken);
        return response.Items ?? [];
    }

    // ---- Commands ----

    /// <summary>
    /// Runs a command (<c>POST /v1/commands</c>) and returns the answer's envelope as it came: <c>{"data": ...}</c>, or
    /// <c>{"error": {"message", "code"}}</c> for a handled error (HTTP 200 too). Only a malformed envelope throws.
    /// </summary>
    public Task<JsonObject> SendCommandAsync(string command, JsonObject? args = null, CancellationToken cancellationToken = default)
    {
        var envelope = new JsonObject { ["command"] = command };
        if (args is not null)
        {
            envelope["args"] = args;
        }

        return SendAsync(HttpMethod.Post, "v1/commands", JsonContent.Create(envelope, Json.JsonObject), Json.JsonObject, cancellationToken);
    }

    // ---- Definitions ----

    /// <summary>
    /// Uploads a definition given as text: JSON (<c>application/json</c>) or YAML (<c>application/yaml</c>).
    /// Returns the stored definition with its <c>version</c>; an identical re-upload returns the existing version.
    /// </summary>
    public Task<JsonObject> UploadDefinitionAsync(string content, string contentType = "application/json", CancellationToken cancellationToken = default)
    {
        var body = new StringContent(content, Encoding.UTF8);
        body.Headers.ContentType = new MediaTypeHeaderValue(contentType) { CharSet = "utf-8" };
        return SendAsync(HttpMethod.Post, "v1/definitions", body, Json.JsonObject, cancellationToken);
    }

    public Task<JsonObject> UploadDefinitionAsync(JsonObject definition, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "v1/definitions", JsonContent.Create(definition, Json.JsonObject), Json.JsonObject, cancellationToken);

    /// <summary>The latest version of a definition, or the given <paramref name="version"/>.</summary>
    public Task<JsonObject> GetDefinitionAsync(string id, int? version = null, CancellationToken cancellationToken = default)
    {
        var path = version is null
            ? $"v1/definitions/{Escape(id)}"
            : $"v1/definitions/{Escape(id)}/versions/{version.Value}";
        return SendAsync(HttpMethod.Get, path, null, Json.JsonObject, cancellationToken);
    }

    public Task<PagedResult<JsonObject>> ListDefinitionsAsync(int page = 0, int pageSize = 20, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"v1/definitions?page={page}&pageSize={pageSize}", null, Json.PagedResultJsonObject, cancellationToken);

    // ---- Instances ----

    /// <summary>Starts an instance of the latest version of a definition, or of <paramref name="version"/> (sent as <c>definitionVersion</c>).</summary>
    public Task<WorkflowInstance> StartInstanceAsync(
        string definitionId,
        JsonObject? variables = null,
        string? businessKey = null,
        int? version = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(
            HttpMethod.Post,
            "v1/instances",
            JsonContent.Create(new StartInstanceRequest(definitionId, variables ?? [], businessKey, version), Json.StartInstanceRequest),
            Json.WorkflowInstance,
            cancellationToken);

    public Task<WorkflowInstance> GetInstanceAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"v1/instances/{Escape(id)}", null, Json.WorkflowInstance, cancellationToken);

    /// <summary>Lists instances; every filter left null matches all.</summary>
    public Task<PagedResult<WorkflowInstance>> ListInstancesAsync(
        string? definitionId = null,
        InstanceStatus? status = null,
        string? businessKey = null,
        int page = 0,
        int pageSize = 20,
        CancellationToken cancellationToken = default)
    {
        var query = new StringBuilder($"v1/instances?page={page}&pageSize={pageSize}");
        AppendFilter(query, "definitionId", definitionId);
        AppendFilter(query, "status", status?.ToString().ToUpperInvariant());
        AppendFilter(query, "businessKey", businessKey);
        return SendAsync(HttpMethod.Get, query.ToString(), null, Json.PagedResultWorkflowInstance, cancellationToken);
    }

    /// <summary>The instance's step executions (one per attempt), in the order they started.</summary>
    public async Task<IReadOnlyList<StepExecution>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(
            HttpMethod.Get, $"v1/instances/{Escape(instanceId)}/history", null, Json.HistoryResponse, cancellationToken);
        return response.Items ?? [];
    }

    public Task<WorkflowInstance> CancelInstanceAsync(string id, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(
            HttpMethod.Post,
            $"v1/instances/{Escape(id)}/cancel",
            JsonContent.Create(new CancelInstanceRequest(reason), Json.CancelInstanceRequest),
            Json.WorkflowInstance,
            cancellationToken);

    /// <summary>
    /// Resumes an instance waiting at the <c>WAIT</c> step <paramref name="stepId"/>; <paramref name="variables"/> are
    /// merged into its variables (null = none). A 409 when the instance is not waiting at that step.
    /// </summary>
    public Task SignalAsync(string instanceId, string stepId, JsonObject? variables = null, CancellationToken cancellationToken = default) =>
        SendAsync(
            HttpMethod.Post,
            $"v1/instances/{Escape(instanceId)}/signals/{Escape(stepId)}",
            JsonContent.Create(variables ?? [], Json.JsonObject),
            cancellationToken);

    /// <summary>Suspends an ACTIVE or WAITING instance: its jobs are not handed out and its timers wait until it is resumed.</summary>
    public Task<WorkflowInstance> SuspendInstanceAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"v1/instances/{Escape(id)}/suspend", null, Json.WorkflowInstance, cancellationToken);

    /// <summary>Resumes a SUSPENDED instance.</summary>
    public Task<WorkflowInstance> ResumeInstanceAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"v1/instances/{Escape(id)}/resume", null, Json.WorkflowInstance, cancellationToken);

    /// <summary>Runs the failed steps of a FAILED instance again, with fresh retries.</summary>
    public Task<WorkflowInstance> RetryInstanceAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"v1/instances/{Escape(id)}/retry", null, Json.WorkflowInstance, cancellationToken);

    // ---- User tasks ----

    /// <summary>Lists user tasks, oldest first; every filter left null matches all.</summary>
    public Task<PagedResult<UserTask>> ListUserTasksAsync(
        string? instanceId = null,
        string? assignee = null,
        string? candidateGroup = null,
        UserTaskStatus? status = null,
        int page = 0,
        int pageSize = 20,
        CancellationToken cancellationToken = default)
    {
        var query = new StringBuilder($"v1/user-tasks?page={page}&pageSize={pageSize}");
        AppendFilter(query, "instanceId", instanceId);
        AppendFilter(query, "assignee", assignee);
        AppendFilter(query, "candidateGroup", candidateGroup);
        AppendFilter(query, "status", status?.ToString().ToUpperInvariant());
        return SendAsync(HttpMethod.Get, query.ToString(), null, Json.PagedResultUserTask, cancellationToken);
    }

    public Task<UserTask> GetUserTaskAsync(string taskId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"v1/user-tasks/{Escape(taskId)}", null, Json.UserTask, cancellationToken);

    /// <summary>
    /// Completes the open task of the <c>USER_TASK</c> step <paramref name="stepId"/> of an instance;
    /// <paramref name="result"/> is merged into the instance's variables. The same completion again is a no-op.
    /// </summary>
    public Task CompleteUserTaskAsync(
        string instanceId, string stepId, string? completedBy = null, JsonObject? result = null, CancellationToken cancellationToken = default) =>
        SendAsync(
            HttpMethod.Post,
            $"v1/instances/{Escape(instanceId)}/user-tasks/{Escape(stepId)}/complete",
            JsonContent.Create(new CompleteUserTaskRequest(completedBy, result), Json.CompleteUserTaskRequest),
            cancellationToken);

    /// <summary>Completes an open user task by its id (<see cref="UserTask.Id"/>); otherwise as <see cref="CompleteUserTaskAsync"/>.</summary>
    public Task CompleteUserTaskByIdAsync(
        string taskId, string? completedBy = null, JsonObject? result = null, CancellationToken cancellationToken = default) =>
        SendAsync(
            HttpMethod.Post,
            $"v1/user-tasks/{Escape(taskId)}/complete",
            JsonContent.Create(new CompleteUserTaskRequest(completedBy, result), Json.CompleteUserTaskRequest),
            cancellationToken);

    // ---- Events ----

    /// <summary>
    /// The live event stream (<c>GET /v1/events</c>): without <paramref name="lastEventId"/> a <c>snapshot</c> first, then
    /// each event as it commits (event type = topic, data = the event's JSON, id = its seq); with it, the events after
    /// that id (or a <c>reset</c> and a new snapshot when they are no longer kept). Ends when the server closes the
    /// stream (it stopped) or <paramref name="cancellationToken"/> fires; resume with the last id seen.
    /// </summary>
    public async IAsyncEnumerable<SseItem<string>> StreamEventsAsync(
        string? definitionId = null,
        string? instanceId = null,
        string? lastEventId = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var query = new StringBuilder();
        AppendFilter(query, "definitionId", definitionId);
        AppendFilter(query, "instanceId", instanceId);
        var path = query.Length == 0 ? "v1/events" : $"v1/events?{query.ToString(1, query.Length - 1)}";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw ToException(response, await response.Content.ReadAsStringAsync(cancellationToken));
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
        {
            yield return item;
        }
    }

    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _http.Dispose();
        }
    }

    // ---- Plumbing ----

    private async Task<T> SendAsync<T>(
        HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> responseType, CancellationToken cancellationToken)
    {
        using var response = await SendCoreAsync(method, path, content, cancellationToken);
        var result = await response.Content.ReadFromJsonAsync(responseType, cancellationToken);
        return result ?? throw new WeftApiException(
            response.StatusCode, null, $"The server answered {method} /{path} with an empty body where JSON was expected.");
    }

    private async Task SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var response = await SendCoreAsync(method, path, content, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendCoreAsync(
        HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        var response = await _http.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw ToException(response, body);
        }
    }

    private static WeftApiException ToException(HttpResponseMessage response, string body)
    {
        string? title = null;
        string? message = null;
        string? errorCode = null;
        try
        {
            if (JsonNode.Parse(body) is JsonObject problem)
            {
                title = AsString(problem["title"]);
                message = AsString(problem["detail"]) ?? AsString(problem["message"]);
                errorCode = AsString(problem["error"]);
            }
        }
        catch (JsonException)
        {
            // Not JSON: the raw body is the best message there is.
        }

        if (string.IsNullOrWhiteSpace(message))
        {
            message = string.IsNullOrWhiteSpace(body)
                ? $"{(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd()
                : body;
        }

        return new WeftApiException(response.StatusCode, title, message, body, errorCode);
    }

    private static void AppendFilter(StringBuilder query, string name, string? value)
    {
        if (value is not null)
        {
            query.Append('&').Append(name).Append('=').Append(Escape(value));
        }
    }

    private static string? AsString(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private static Uri WithTrailingSlash(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }
}
