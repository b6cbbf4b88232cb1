using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;

namespace Weft.Server.Tests.Scenarios;

/// <summary>
/// The server's REST API over plain HTTP and <see cref="JsonNode"/>s, as any client sees it. The helpers named after
/// an action assert that it succeeded; <see cref="PostAsync"/> and <see cref="GetAsync"/> give the raw answer, for
/// tests of refusals.
/// </summary>
public sealed class WeftApi(HttpClient http)
{
    public Task<HttpResponseMessage> GetAsync(string path) => http.GetAsync(new Uri(path, UriKind.Relative));

    public Task<HttpResponseMessage> PostAsync(string path, JsonNode? body = null) =>
        http.PostAsync(new Uri(path, UriKind.Relative), new StringContent(body?.ToJsonString() ?? "", Encoding.UTF8, "application/json"));

    // ---- definitions ----

    public Task<JsonObject> DeployAsync(string json) => DeployAsync(json, "application/json");

    public Task<JsonObject> DeployYamlAsync(string yaml) => DeployAsync(yaml, "application/yaml");

    // ---- instances ----

    public async Task<JsonObject> StartAsync(string definitionId, JsonObject? variables = null, string? businessKey = null)
    {
        var body = new JsonObject { ["definitionId"] = definitionId, ["variables"] = variables ?? [], ["businessKey"] = businessKey };
        return await ReadObjectAsync(await PostAsync("/v1/instances", body), HttpStatusCode.Created);
    }

    public async Task<JsonObject> InstanceAsync(string id) => await ReadObjectAsync(await GetAsync($"/v1/instances/{id}"), HttpStatusCode.OK);

    /// <summary>The status of the instance: ACTIVE, WAITING, SUSPENDED, COMPLETED, FAILED or CANCELLED.</summary>
    public async Task<string> StatusAsync(string id) => (string)(await InstanceAsync(id))["status"]!;

    /// <summary>The page of <c>GET /v1/instances?{query}</c>: items, page, pageSize, total.</summary>
    public async Task<JsonObject> ListInstancesAsync(string query) =>
        await ReadObjectAsync(await GetAsync($"/v1/instances?{query}"), HttpStatusCode.OK);

    public async Task<IReadOnlyList<JsonObject>> HistoryAsync(string id) =>
        Items(await ReadObjectAsync(await GetAsync($"/v1/instances/{id}/history"), HttpStatusCode.OK));

    /// <summary>The history rows of one step, in the order they started.</summary>
    public async Task<IReadOnlyList<JsonObject>> HistoryOfAsync(string id, string stepId) =>
        [.. (await HistoryAsync(id)).Where(row => (string?)row["stepId"] == stepId)];

    public async Task<JsonObject> CancelAsync(string id, string? reason = null) =>
        await ReadObjectAsync(await PostAsync($"/v1/instances/{id}/cancel", reason is null ? null : new JsonObject { ["reason"] = reason }), HttpStatusCode.OK);

    public async Task<JsonObject> SuspendAsync(string id) => await ReadObjectAsync(await PostAsync($"/v1/instances/{id}/suspend"), HttpStatusCode.OK);

    public async Task<JsonObject> ResumeAsync(string id) => await ReadObjectAsync(await PostAsync($"/v1/instances/{id}/resume"), HttpStatusCode.OK);

    public async Task<JsonObject> RetryAsync(string id) => await ReadObjectAsync(await PostAsync($"/v1/instances/{id}/retry"), HttpStatusCode.OK);

    public async Task SignalAsync(string id, string stepId, JsonObject? variables = null) =>
        await ExpectAsync(await PostAsync($"/v1/instances/{id}/signals/{stepId}", variables), HttpStatusCode.NoContent);

    /// <summary>Polls until the instance has <paramref name="status"/> (real workers move it); the timeout only guards against a hang.</summary>
    public Task<JsonObject> WaitForStatusAsync(string id, string status) =>
        Eventually.ReturnsAsync(() => InstanceAsync(id), i => (string?)i["status"] == status, $"instance {id} to be {status}");

    // ---- user tasks ----

    /// <summary>The items of <c>GET /v1/user-tasks?{query}</c>.</summary>
    public async Task<IReadOnlyList<JsonObject>> UserTasksAsync(string query) =>
        Items(await ReadObjectAsync(await GetAsync($"/v1/user-tasks?{query}"), HttpStatusCode.OK));

    public Task<HttpResponseMessage> CompleteUserTaskAsync(string instanceId, string stepId, JsonObject body) =>
        PostAsync($"/v1/instances/{instanceId}/user-tasks/{stepId}/complete", body);

    public Task<HttpResponseMessage> CompleteUserTaskByIdAsync(string taskId, JsonObject body) =>
        PostAsync($"/v1/user-tasks/{taskId}/complete", body);

    // ---- jobs, for tests that play the worker by hand ----

    public async Task<IReadOnlyList<JsonObject>> PollAsync(string workerId, string jobType, int maxJobs = 10, int? leaseSeconds = null)
    {
        var body = new JsonObject { ["workerId"] = workerId, ["jobTypes"] = new JsonArray(jobType), ["maxJobs"] = maxJobs };
        if (leaseSeconds is { } seconds)
        {
            body["leaseSeconds"] = seconds;
        }

        return [.. (await ReadObjectAsync(await PostAsync("/v1/jobs/poll", body), HttpStatusCode.OK))["jobs"]!.AsArray().Select(j => j!.AsObject())];
    }

    public Task<HttpResponseMessage> CompleteJobAsync(string jobId, string workerId, JsonObject? variables = null) =>
        PostAsync($"/v1/jobs/{jobId}/complete", new JsonObject { ["workerId"] = workerId, ["variables"] = variables ?? [] });

    public Task<HttpResponseMessage> FailJobAsync(string jobId, string workerId, string errorMessage, bool retryable = true) =>
        PostAsync($"/v1/jobs/{jobId}/fail", new JsonObject { ["workerId"] = workerId, ["errorMessage"] = errorMessage, ["retryable"] = retryable });

    // ---- answers ----

    public static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        }
    }

    private async Task<JsonObject> DeployAsync(string text, string contentType)
    {
        using var content = new StringContent(text, Encoding.UTF8, contentType);
        using var response = await http.PostAsync(new Uri("/v1/definitions", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"upload answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
            return JsonNode.Parse(body)!.AsObject();
        }
    }

    private static List<JsonObject> Items(JsonObject page) => [.. page["items"]!.AsArray().Select(i => i!.AsObject())];
}
