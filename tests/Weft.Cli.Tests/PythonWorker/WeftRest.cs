using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Weft.Cli.Tests.PythonWorker;

/// <summary>The server's REST API as plain JSON, for setting up work for the Python worker and reading what it did.</summary>
public sealed class WeftRest(HttpClient http)
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Uploads a definition with one SERVICE_TASK step (<c>run</c>) that runs <paramref name="task"/>, then END.</summary>
    public async Task DeployOneStepAsync(string definitionId, string task, int retryCount = 0)
    {
        var definition = new JsonObject
        {
            ["id"] = definitionId,
            ["steps"] = new JsonArray(
                new JsonObject
                {
                    ["id"] = "run",
                    ["type"] = "SERVICE_TASK",
                    ["jobType"] = task,
                    ["retryCount"] = retryCount,
                    ["retryBackoff"] = new JsonObject { ["initial"] = "PT0S", ["max"] = "PT0S" }, // retries at once
                    ["nextStep"] = "end",
                },
                new JsonObject { ["id"] = "end", ["type"] = "END" }),
        };
        await SendAsync(HttpMethod.Post, "/v1/definitions", definition);
    }

    /// <summary>Starts an instance of <paramref name="definitionId"/>; its id.</summary>
    public async Task<string> StartAsync(string definitionId, JsonObject? variables = null)
    {
        var instance = await SendAsync(HttpMethod.Post, "/v1/instances", new JsonObject
        {
            ["definitionId"] = definitionId,
            ["variables"] = variables ?? [],
        });
        return (string)instance!["id"]!;
    }

    public async Task<JsonNode> GetAsync(string path) => await SendAsync(HttpMethod.Get, path, null) ?? throw new InvalidOperationException($"GET {path} answered nothing.");

    public Task<JsonNode?> PostAsync(string path, JsonNode? body = null) => SendAsync(HttpMethod.Post, path, body ?? new JsonObject());

    /// <summary>Reads <paramref name="path"/> until <paramref name="condition"/> holds for the answer (or fails after a minute).</summary>
    public async Task<JsonNode> WaitForAsync(string path, Func<JsonNode, bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var answer = await GetAsync(path);
            if (condition(answer))
            {
                return answer;
            }

            Assert.True(deadline.Elapsed < WaitTimeout, $"{what} did not happen within {WaitTimeout.TotalSeconds} s; GET {path}:\n{answer}");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the instance has one of the finished statuses (COMPLETED, FAILED, CANCELLED); the instance.</summary>
    public Task<JsonNode> WaitUntilFinishedAsync(string instanceId) =>
        WaitForAsync($"/v1/instances/{instanceId}", i => (string?)i["status"] is "COMPLETED" or "FAILED" or "CANCELLED", $"instance {instanceId} finishing");

    /// <summary>Waits until the instance's open job has reported progress; that job's id.</summary>
    public async Task<string> WaitForProgressAsync(string instanceId)
    {
        var instance = await WaitForAsync(
            $"/v1/instances/{instanceId}",
            i => i["progress"] is JsonArray { Count: > 0 },
            $"a progress report of instance {instanceId}");
        return (string)instance["progress"]![0]!["jobId"]!;
    }

    /// <summary>The history's items for step <c>run</c>, oldest first.</summary>
    public async Task<List<JsonNode>> RunStepHistoryAsync(string instanceId)
    {
        var history = await GetAsync($"/v1/instances/{instanceId}/history");
        return [.. history["items"]!.AsArray().Where(i => (string?)i!["stepId"] == "run").Select(i => i!)];
    }

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonNode? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} answered {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }
}
