using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Npgsql;
using Weft.Cli.Tests.Support;
using Weft.Testing.Postgres;
using Weft.Worker.Client;
using Weft.Worker.Handlers;
using Weft.Worker.Running;

namespace Weft.Cli.Tests.Serving;

/// <summary>
/// Three <c>weft server</c> processes on one PostgreSQL database and four Runners spread over them drive 2,000
/// instances of a workflow with a parallel gateway; the database is then checked row by row. One test runs them to
/// the end; the other kills a node (SIGKILL) in the middle and restarts it once the others have finished its work.
/// </summary>
public sealed class MultiNodeTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const int Instances = 2_000;
    private const int Nodes = 3;
    private const int Runners = 4;

    private static readonly string[] ServiceSteps = ["prepare", "left", "middle", "right", "finish"];
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);

    // Lease expiries count as failed attempts; under a loaded test machine a few may happen, so retries are ample.
    private const string Definition = """
        {"id": "fan-out", "steps": [
          {"id": "prepare", "type": "SERVICE_TASK", "retryCount": 10, "nextStep": "fork"},
          {"id": "fork", "type": "PARALLEL_GATEWAY", "parallelNextSteps": ["left", "middle", "right"], "joinStep": "meet"},
          {"id": "left", "type": "SERVICE_TASK", "retryCount": 10, "nextStep": "meet"},
          {"id": "middle", "type": "SERVICE_TASK", "retryCount": 10, "nextStep": "meet"},
          {"id": "right", "type": "SERVICE_TASK", "retryCount": 10, "nextStep": "meet"},
          {"id": "meet", "type": "JOIN_GATEWAY", "nextStep": "finish"},
          {"id": "finish", "type": "SERVICE_TASK", "retryCount": 10, "nextStep": "end"},
          {"id": "end", "type": "END"}]}
        """;

    private readonly List<ServerProcess> _servers = [];
    private readonly List<WeftClient> _clients = [];
    private readonly List<Task> _runners = [];
    private readonly CancellationTokenSource _stopping = new();

    // Every handler call by job id, and what the step after the join saw that it should not have.
    private readonly ConcurrentDictionary<string, int> _calls = new();
    private readonly ConcurrentQueue<string> _violations = new();

    private string _database = "";

    public async Task InitializeAsync()
    {
        _database = await database.CreateSchemaAsync();
    }

    public async Task DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_runners).WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { });
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        foreach (var server in _servers)
        {
            server.Dispose();
        }

        _stopping.Dispose();
    }

    [Fact]
    public async Task Three_nodes_and_four_runners_complete_every_instance_once()
    {
        await StartNodesAsync("--lease", "PT30S");
        await _clients[0].UploadDefinitionAsync(Definition);
        for (var i = 0; i < Runners; i++)
        {
            StartRunner(i, _clients[i % Nodes]);
        }

        // Starts go to every node while the runners are already working.
        await Parallel.ForAsync(0, Instances, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, token) =>
            await _clients[i % Nodes].StartInstanceAsync("fan-out", cancellationToken: token));
        await WaitUntilCompletedAsync(Instances);

        await AssertConsistentAsync(Instances);
        // With a 30-second lease nothing expired: every job was claimed by one worker, once.
        Assert.Equal(Instances * ServiceSteps.Length, _calls.Count);
        Assert.All(_calls, call => Assert.Equal(1, call.Value));
    }

    [Fact]
    public async Task A_node_killed_mid_load_loses_nothing_and_can_be_restarted()
    {
        await StartNodesAsync("--lease", "PT2S");
        await _clients[0].UploadDefinitionAsync(Definition);
        await Parallel.ForAsync(0, Instances, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, token) =>
            await _clients[i % Nodes].StartInstanceAsync("fan-out", cancellationToken: token));

        // The runner on the doomed node stops finishing jobs after a while, so that it surely holds leases when the
        // node dies: jobs in the middle of their work, whose reports the dead node will never take.
        var lostNode = Nodes - 1;
        using var release = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        var stuck = 0;
        for (var i = 0; i < Runners; i++)
        {
            var runnerOnLostNode = i % Nodes == lostNode;
            StartRunner(i, _clients[i % Nodes], runnerOnLostNode ? async () =>
            {
                if (_calls.Count > Instances && !release.IsCancellationRequested)
                {
                    Interlocked.Increment(ref stuck);
                    await Task.Delay(Timeout.Infinite, release.Token).ContinueWith(_ => { });
                }
            } : null);
        }

        await WaitForAsync(() => Task.FromResult(Volatile.Read(ref stuck) >= 8), "the runner on the doomed node to hold 8 jobs");
        _servers[lostNode].Crash();
        var lostWorker = WorkerId(lostNode);
        var leased = await QueryListAsync($"SELECT id FROM jobs WHERE status = 'LOCKED' AND worker_id = '{lostWorker}'");
        Assert.NotEmpty(leased);

        // The other nodes take the dead node's leases back when they run out and their runners finish everything.
        await WaitUntilCompletedAsync(Instances);
        var takenBack = await QueryListAsync(
            $"SELECT id FROM jobs WHERE status = 'COMPLETED' AND worker_id <> '{lostWorker}' AND id = ANY(@ids)", leased);
        Assert.Equal(leased.Order(), takenBack.Order());

        // The node comes back on the same address: it serves at once, its runner's late reports are refused (another
        // worker finished those jobs), and new work flows through it again.
        var restarted = await ServerProcess.StartAsync(_database, _servers[lostNode].Url, "--lease", "PT2S");
        _servers.Add(restarted);
        await release.CancelAsync();
        var more = 30;
        for (var i = 0; i < more; i++)
        {
            await _clients[lostNode].StartInstanceAsync("fan-out");
        }

        await WaitUntilCompletedAsync(Instances + more);
        await AssertConsistentAsync(Instances + more);
    }

    private async Task StartNodesAsync(params string[] args)
    {
        for (var i = 0; i < Nodes; i++)
        {
            var server = await ServerProcess.StartAsync(_database, null, args);
            _servers.Add(server);
            _clients.Add(new WeftClient(new Uri(server.Url)));
        }
    }

    private static string WorkerId(int runner) => $"runner-{runner}";

    private void StartRunner(int index, WeftClient client, Func<Task>? beforeEachJob = null)
    {
        var registry = new HandlerRegistry();
        foreach (var step in ServiceSteps)
        {
            registry.Register(step, async (job, _) =>
            {
                _calls.AddOrUpdate(job.Id, 1, (_, count) => count + 1);
                if (beforeEachJob is not null)
                {
                    await beforeEachJob();
                }

                if (step == "finish" && ServiceSteps[..^1].Any(earlier => job.Variables[earlier] is null))
                {
                    _violations.Enqueue($"{job.InstanceId}: the join went on before every branch finished: {job.Variables.ToJsonString()}");
                }

                return new JsonObject { [step] = true };
            });
        }

        var options = new RunnerOptions { WorkerId = WorkerId(index), Parallelism = 32, MaxBackoff = TimeSpan.FromMilliseconds(500) };
        _runners.Add(Task.Run(() => new Runner(client, registry, options).RunAsync(_stopping.Token)));
    }

    private Task WaitUntilCompletedAsync(int expected) => WaitForAsync(async () =>
    {
        var failed = await QueryListAsync("SELECT id || ': ' || coalesce(failure_reason, '') FROM instances WHERE status = 'FAILED'");
        Assert.True(failed.Count == 0, $"Instances failed: {string.Join("; ", failed.Take(5))}");
        return await QueryCountAsync("SELECT count(*) FROM instances WHERE status = 'COMPLETED'") == expected;
    }, $"{expected} instances to complete");

    private async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(
                clock.Elapsed < Deadline,
                $"Waited {Deadline.TotalMinutes} min for {what}.\n{string.Join("\n", _servers.Select(s => s.Output[^Math.Min(s.Output.Length, 3000)..]))}");
            await Task.Delay(100);
        }
    }

    /// <summary>The database after the run, row by row: what each instance, step, job and token ended as.</summary>
    private async Task AssertConsistentAsync(int instances)
    {
        Assert.Empty(_violations);
        Assert.Equal(instances, await QueryCountAsync("SELECT count(*) FROM instances"));
        Assert.Equal(instances, await QueryCountAsync("SELECT count(*) FROM instances WHERE status = 'COMPLETED' AND completed_at IS NOT NULL"));

        // Every service step completed exactly once per instance: the join went on once, no job was completed twice.
        foreach (var step in ServiceSteps)
        {
            Assert.Equal(0, await QueryCountAsync(
                $"SELECT count(*) FROM (SELECT instance_id FROM step_executions WHERE step_id = '{step}' AND status = 'COMPLETED' GROUP BY instance_id HAVING count(*) <> 1) AS twice"));
            Assert.Equal(instances, await QueryCountAsync($"SELECT count(*) FROM step_executions WHERE step_id = '{step}' AND status = 'COMPLETED'"));
            Assert.Equal(instances, await QueryCountAsync($"SELECT count(*) FROM jobs WHERE step_id = '{step}' AND status = 'COMPLETED'"));
        }

        Assert.Equal(instances * ServiceSteps.Length, await QueryCountAsync("SELECT count(*) FROM jobs"));
        Assert.Equal(0, await QueryCountAsync("SELECT count(*) FROM step_executions WHERE status = 'RUNNING' OR completed_at IS NULL"));
        Assert.Equal(0, await QueryCountAsync("SELECT count(*) FROM tokens WHERE status IN ('ACTIVE', 'WAITING', 'FORKED', 'ARRIVED', 'FAILED')"));

        var expected = new JsonObject();
        foreach (var step in ServiceSteps)
        {
            expected[step] = true;
        }

        foreach (var variables in await QueryListAsync("SELECT variables FROM instances"))
        {
            Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(variables)), variables);
        }
    }

    private async Task<long> QueryCountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<string>> QueryListAsync(string sql, IReadOnlyList<string>? ids = null)
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (ids is not null)
        {
            command.Parameters.AddWithValue("ids", ids.ToArray());
        }

        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
