using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;
using Weft.Worker.Client;

namespace Weft.Server.Tests.Definitions;

public sealed class DefinitionApiTests : IAsyncLifetime
{
    private WeftTestServer _server = null!;

    public async Task InitializeAsync() => _server = await WeftTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Upload_creates_version_1_then_identical_returns_it_and_a_change_makes_version_2()
    {
        var first = await _server.Http.PostAsync("/v1/definitions", Json(TestDefinitions.Single("orders", "work")));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("/v1/definitions/orders/versions/1", first.Headers.Location?.OriginalString);
        Assert.Equal(1, (await ReadAsync(first))["version"]!.GetValue<int>());

        var same = await _server.Http.PostAsync("/v1/definitions", Json(TestDefinitions.Single("orders", "work")));
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(1, (await ReadAsync(same))["version"]!.GetValue<int>());

        var changed = await _server.Http.PostAsync("/v1/definitions", Json(TestDefinitions.Single("orders", "work", retryCount: 3)));
        Assert.Equal(HttpStatusCode.Created, changed.StatusCode);
        Assert.Equal(2, (await ReadAsync(changed))["version"]!.GetValue<int>());

        Assert.Equal(2, (await _server.Client.GetDefinitionAsync("orders"))["version"]!.GetValue<int>());
        var v1 = await _server.Client.GetDefinitionAsync("orders", 1);
        Assert.Equal(0, v1["steps"]![0]!["retryCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Running_instances_stay_on_the_version_they_started_with()
    {
        await _server.Client.UploadDefinitionAsync(TestDefinitions.Single("pinned", "old-work"));
        var old = await _server.Client.StartInstanceAsync("pinned");
        await _server.Client.UploadDefinitionAsync(TestDefinitions.Single("pinned", "new-work"));
        var fresh = await _server.Client.StartInstanceAsync("pinned");
        var explicitV1 = await _server.Client.StartInstanceAsync("pinned", version: 1);

        Assert.Equal(1, old.DefinitionVersion);
        Assert.Equal(2, fresh.DefinitionVersion);
        Assert.Equal(1, explicitV1.DefinitionVersion);
        var oldJobs = await _server.Client.PollJobsAsync("w", ["old-work"], 10);
        Assert.Equal(
            new[] { old.Id, explicitV1.Id }.Order(StringComparer.Ordinal),
            oldJobs.Select(j => j.InstanceId).Order(StringComparer.Ordinal));
        Assert.Equal(fresh.Id, Assert.Single(await _server.Client.PollJobsAsync("w", ["new-work"], 10)).InstanceId);
    }

    [Fact]
    public async Task Yaml_upload_is_read_like_the_same_json()
    {
        const string yaml = """
            # comments are fine
            id: from-yaml
            name: "From YAML"
            metadata: { owner: team-a, tier: 2 }
            steps:
              - id: work
                type: SERVICE_TASK
                jobType: yaml-work
                retryCount: 2
                timeout: PT1M
                retryBackoff: { initial: PT2S, factor: 1.5, max: PT1M, jitter: 0.1 }
                nextStep: end
              - id: end
                type: END
            """;
        var response = await _server.Http.PostAsync("/v1/definitions", new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var stored = await _server.Client.GetDefinitionAsync("from-yaml");
        Assert.Equal("From YAML", stored["name"]!.GetValue<string>());
        Assert.Equal(2, stored["metadata"]!["tier"]!.GetValue<int>());
        var step = stored["steps"]![0]!;
        Assert.Equal(2, step["retryCount"]!.GetValue<int>());
        Assert.Equal(1.5, step["retryBackoff"]!["factor"]!.GetValue<double>());
        Assert.Equal("PT1M", step["timeout"]!.GetValue<string>());

        var instance = await _server.Client.StartInstanceAsync("from-yaml");
        Assert.Equal(instance.Id, Assert.Single(await _server.Client.PollJobsAsync("w", ["yaml-work"], 1)).InstanceId);
    }

    [Fact]
    public async Task Every_field_of_the_format_is_stored_and_returned()
    {
        const string definition = """
            {
              "id": "full", "name": "Full", "description": "All fields", "autoStartNextWorkflow": true, "nextWorkflowId": "next",
              "metadata": { "team": "payments" },
              "steps": [
                { "id": "s", "name": "S", "description": "d", "type": "SERVICE_TASK", "jobType": "jt", "retryCount": 1,
                  "delegateClass": "com.example.Charge", "timeout": "PT10M",
                  "boundaryEvents": [ { "type": "TIMER", "duration": "P7D", "interrupting": false, "targetStepId": "end" } ],
                  "nextStep": "end" },
                { "id": "end", "type": "END" }
              ]
            }
            """;
        await _server.Client.UploadDefinitionAsync(definition);
        var stored = await _server.Client.GetDefinitionAsync("full");
        Assert.Equal("All fields", stored["description"]!.GetValue<string>());
        Assert.True(stored["autoStartNextWorkflow"]!.GetValue<bool>());
        Assert.Equal("next", stored["nextWorkflowId"]!.GetValue<string>());
        Assert.Equal("payments", stored["metadata"]!["team"]!.GetValue<string>());
        var step = stored["steps"]![0]!;
        Assert.Equal("com.example.Charge", step["delegateClass"]!.GetValue<string>());
        Assert.Equal("P7D", step["boundaryEvents"]![0]!["duration"]!.GetValue<string>());
        Assert.False(step["boundaryEvents"]![0]!["interrupting"]!.GetValue<bool>());
        Assert.NotNull(stored["createdAt"]);
    }

    [Fact]
    public async Task Listing_shows_the_latest_version_of_each_definition_filtered_by_keyword()
    {
        await _server.Client.UploadDefinitionAsync(TestDefinitions.Single("billing-a", "x"));
        await _server.Client.UploadDefinitionAsync(TestDefinitions.Single("billing-a", "y"));
        await _server.Client.UploadDefinitionAsync(TestDefinitions.Single("shipping", "x"));

        var all = await _server.Client.ListDefinitionsAsync();
        Assert.Equal(2, all.Total);
        Assert.Equal(2, all.Items.Single(d => d["id"]!.GetValue<string>() == "billing-a")["version"]!.GetValue<int>());
        var billing = JsonNode.Parse(await _server.Http.GetStringAsync("/v1/definitions?keyword=bill"))!;
        Assert.Equal(1, billing["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_routes()
    {
        var document = JsonNode.Parse(await _server.Http.GetStringAsync("/openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/v1/jobs/poll", paths);
        Assert.Contains("/v1/instances/{id}/history", paths);
        Assert.Contains("/v1/definitions/{id}/versions/{version}", paths);
        Assert.Equal("ok", JsonNode.Parse(await _server.Http.GetStringAsync("/healthz"))!["status"]!.GetValue<string>());
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
}
