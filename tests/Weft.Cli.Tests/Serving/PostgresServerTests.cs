using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Weft.Cli.Tests.Support;
using Weft.Testing.Postgres;

namespace Weft.Cli.Tests.Serving;

/// <summary><c>weft server --db "Host=…"</c>: two server processes on one PostgreSQL database serve one workflow between them.</summary>
public sealed class PostgresServerTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly List<ServerProcess> _servers = [];

    public void Dispose()
    {
        foreach (var server in _servers)
        {
            server.Dispose();
        }

        _http.Dispose();
    }

    [Fact]
    public async Task Two_servers_on_one_database_each_serve_what_the_other_stored()
    {
        var connectionString = await database.CreateSchemaAsync();
        var first = await StartServerAsync(connectionString);
        var second = await StartServerAsync(connectionString);

        var definition = """{"id": "orders", "steps": [{"id": "a", "type": "SERVICE_TASK", "nextStep": "end"}, {"id": "end", "type": "END"}]}""";
        using (var upload = await _http.PostAsync($"{first}/v1/definitions", new StringContent(definition, Encoding.UTF8, "application/json")))
        {
            Assert.Equal(System.Net.HttpStatusCode.Created, upload.StatusCode);
        }

        var instance = await PostAsync($"{second}/v1/instances", new JsonObject { ["definitionId"] = "orders", ["variables"] = new JsonObject { ["x"] = 1 } });
        var polled = await PostAsync($"{first}/v1/jobs/poll", new JsonObject { ["workerId"] = "w", ["jobTypes"] = new JsonArray("a"), ["maxJobs"] = 5 });
        var job = Assert.Single(polled["jobs"]!.AsArray())!;
        Assert.Empty((await PostAsync($"{second}/v1/jobs/poll", new JsonObject { ["workerId"] = "w2", ["jobTypes"] = new JsonArray("a") }))["jobs"]!.AsArray());
        using (var complete = await _http.PostAsJsonAsync($"{second}/v1/jobs/{job["id"]}/complete", new JsonObject { ["workerId"] = "w", ["variables"] = new JsonObject { ["y"] = 2 } }))
        {
            Assert.Equal(System.Net.HttpStatusCode.NoContent, complete.StatusCode);
        }

        var stored = JsonNode.Parse(await _http.GetStringAsync($"{first}/v1/instances/{instance["id"]}"))!;
        Assert.Equal("COMPLETED", (string)stored["status"]!);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"x":1,"y":2}"""), stored["variables"]), stored.ToJsonString());
    }

    private async Task<JsonNode> PostAsync(string url, JsonObject body)
    {
        using var response = await _http.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {url}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private async Task<string> StartServerAsync(string connectionString)
    {
        var server = await ServerProcess.StartAsync(connectionString);
        _servers.Add(server);
        return server.Url;
    }
}
