using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using Weft.Cli.Tests.Support;
using Weft.Testing.Postgres;

namespace Weft.Cli.Tests.Serving;

/// <summary>
/// <c>weft server --db "Host=…"</c>: two server processes on one PostgreSQL database serve one workflow between them,
/// and a worker waiting on one is woken by a job the other makes.
/// </summary>
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

    [Fact]
    public async Task A_long_poll_on_one_server_is_woken_by_a_job_made_on_the_other_even_after_its_listener_is_killed()
    {
        var connectionString = await database.CreateSchemaAsync();
        var application = $"weft-waiting-{Guid.NewGuid():N}";
        var maker = await StartServerAsync(connectionString);
        // The waiting server looks again on its own only once a minute: within a poll's 20 s, only a notice finds the job.
        var waiting = await StartServerAsync(new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = application }.ConnectionString, "--poll-recheck", "PT1M");
        var definition = """{"id": "orders", "steps": [{"id": "a", "type": "SERVICE_TASK", "nextStep": "end"}, {"id": "end", "type": "END"}]}""";
        using (var upload = await _http.PostAsync($"{maker}/v1/definitions", new StringContent(definition, Encoding.UTF8, "application/json")))
        {
            Assert.Equal(System.Net.HttpStatusCode.Created, upload.StatusCode);
        }

        var listener = await ListenerAsync(connectionString, application, except: null);
        await AssertWokenAsync(maker, waiting);

        Assert.True(await ScalarAsync<bool>(connectionString, $"SELECT pg_terminate_backend({listener})"));
        await ListenerAsync(connectionString, application, except: listener);
        await AssertWokenAsync(maker, waiting);
    }

    /// <summary>
    /// Five jobs made on one server while a poll waits for each on the other: each poll gets its job, which it can
    /// only have been told of (it would not look again on its own before its 20 s are over).
    /// </summary>
    private async Task AssertWokenAsync(string maker, string waiting)
    {
        var pickups = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            var poll = PostAsync($"{waiting}/v1/jobs/poll", new JsonObject { ["workerId"] = "w", ["jobTypes"] = new JsonArray("a"), ["waitMs"] = 20_000 });
            await Task.Delay(300); // lets the poll reach the server and wait there; a late poll finds the job at once
            await PostAsync($"{maker}/v1/instances", new JsonObject { ["definitionId"] = "orders" });
            var job = Assert.Single((await poll)["jobs"]!.AsArray())!;
            pickups.Add(DateTimeOffset.Parse((string)job["lockedAt"]!, CultureInfo.InvariantCulture)
                - DateTimeOffset.Parse((string)job["createdAt"]!, CultureInfo.InvariantCulture));
            using var complete = await _http.PostAsJsonAsync($"{waiting}/v1/jobs/{job["id"]}/complete", new JsonObject { ["workerId"] = "w" });
            Assert.Equal(System.Net.HttpStatusCode.NoContent, complete.StatusCode);
        }

        Assert.True(
            pickups.All(p => p < TimeSpan.FromSeconds(15)),
            $"Jobs were picked up {string.Join(", ", pickups.Select(p => $"{p.TotalMilliseconds} ms"))} after they were made.");
    }

    /// <summary>The backend of the server's LISTEN connection (a new one, other than <paramref name="except"/>), once there is one.</summary>
    private static async Task<int> ListenerAsync(string connectionString, string application, int? except)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var pid = await ScalarAsync<int?>(
                connectionString,
                $"SELECT pid FROM pg_stat_activity WHERE application_name = '{application}' AND query LIKE 'LISTEN weft_%' AND pid <> {except ?? 0}");
            if (pid is { } found)
            {
                return found;
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "The server did not listen (again) within 30 s.");
            await Task.Delay(50);
        }
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default! : (T)value;
    }

    private async Task<JsonNode> PostAsync(string url, JsonObject body)
    {
        using var response = await _http.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {url}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private async Task<string> StartServerAsync(string connectionString, params string[] args)
    {
        var server = await ServerProcess.StartAsync(connectionString, null, args);
        _servers.Add(server);
        return server.Url;
    }
}
