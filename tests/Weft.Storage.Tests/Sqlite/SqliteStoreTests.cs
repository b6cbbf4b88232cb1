using Microsoft.Data.Sqlite;
using Weft.Engine;
using Weft.Engine.Definitions;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;
using Weft.Storage.Sqlite;
using Weft.Testing;

namespace Weft.Storage.Tests.Sqlite;

/// <summary>What only the SQLite store promises: a WAL file, recorded migrations, data that outlives the store object.</summary>
public sealed class SqliteStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "weft-storage-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new();

    private string DatabasePath => Path.Combine(_directory, "nested", "weft.db");

    [Fact]
    public async Task Migrate_creates_the_directory_and_uses_wal()
    {
        using (var store = new SqliteWeftStore(DatabasePath))
        {
            await store.MigrateAsync();
        }

        Assert.True(File.Exists(DatabasePath));
        Assert.Equal("wal", await ScalarAsync<string>("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task Each_migration_is_recorded_once()
    {
        using (var store = new SqliteWeftStore(DatabasePath))
        {
            await store.MigrateAsync();
            await store.MigrateAsync();
        }

        using (var again = new SqliteWeftStore(DatabasePath))
        {
            await again.MigrateAsync();
        }

        Assert.Equal(1, await ScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE version = 1"));
        Assert.Equal(await ScalarAsync<long>("SELECT count(DISTINCT version) FROM schema_migrations"), await ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task State_survives_a_new_store_on_the_same_file()
    {
        string instanceId;
        string jobId;
        using (var store = new SqliteWeftStore(DatabasePath))
        {
            await store.MigrateAsync();
            var engine = new WeftEngine(store, _time, new WeftEngineOptions());
            await engine.Definitions.DeployAsync(new WorkflowDefinition
            {
                Id = "orders",
                Steps = [new StepDefinition { Id = "a", Type = StepTypes.ServiceTask, NextStep = "end" }, new StepDefinition { Id = "end", Type = StepTypes.End }],
            });
            instanceId = (await engine.Instances.StartAsync(new StartInstanceCommand("orders"))).Id;
            jobId = Assert.Single(await engine.Jobs.PollAsync(new PollCommand("w", ["a"], 1))).Job.Id;
        }

        using (var reopened = new SqliteWeftStore(DatabasePath))
        {
            await reopened.MigrateAsync();
            var engine = new WeftEngine(reopened, _time, new WeftEngineOptions());
            await engine.Jobs.CompleteAsync(jobId, "w", null);

            Assert.Equal(InstanceStatus.Completed, (await engine.Instances.GetAsync(instanceId)).Status);
        }
    }

    [Fact]
    public async Task Migration_2_shortens_leases_of_jobs_stored_before_durations_were_bounded_so_they_can_be_polled()
    {
        string instanceId;
        using (var store = new SqliteWeftStore(DatabasePath))
        {
            await store.MigrateAsync();
            var engine = new WeftEngine(store, _time, new WeftEngineOptions());
            await engine.Definitions.DeployAsync(new WorkflowDefinition
            {
                Id = "orders",
                Steps = [new StepDefinition { Id = "a", Type = StepTypes.ServiceTask, NextStep = "end" }, new StepDefinition { Id = "end", Type = StepTypes.End }],
            });
            instanceId = (await engine.Instances.StartAsync(new StartInstanceCommand("orders"))).Id;
        }

        // A job from a step timeout of P3000000D, as an older Weft stored it, and a database that has not seen migration 2.
        await ExecuteAsync("UPDATE jobs SET lease_ms = 259200000000000; DELETE FROM schema_migrations WHERE version = 2");

        using (var migrated = new SqliteWeftStore(DatabasePath))
        {
            await migrated.MigrateAsync();
            var engine = new WeftEngine(migrated, _time, new WeftEngineOptions());
            var claimed = Assert.Single(await engine.Jobs.PollAsync(new PollCommand("w", ["a"], 1))).Job;

            Assert.Equal(instanceId, claimed.InstanceId);
            Assert.Equal(TimeSpan.FromDays(36525), claimed.LeaseDuration);
        }
    }

    [Fact]
    public async Task Migration_3_gives_instances_of_version_1_a_token_so_they_run_on()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        var assembly = typeof(SqliteWeftStore).Assembly;
        string Migration(string name)
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream($"Weft.Storage.Sqlite.Migrations.{name}.sql")!);
            return reader.ReadToEnd();
        }

        // A database as Weft left it before tokens: an instance at its first SERVICE_TASK with a locked job.
        var definition = """{"id":"orders","version":1,"steps":[{"id":"a","type":"SERVICE_TASK","nextStep":"end"},{"id":"end","type":"END"}]}""";
        await ExecuteAsync(Migration("0001_initial") + Migration("0002_bounded_leases") + $$"""
            CREATE TABLE schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
            INSERT INTO schema_migrations VALUES (1, '0001_initial', 'then'), (2, '0002_bounded_leases', 'then');
            INSERT INTO definitions VALUES ('orders', 1, NULL, 'h', '{{definition}}', 0);
            INSERT INTO instances (id, definition_id, definition_version, status, variables, current_step_id, created_at, updated_at)
                VALUES ('i1', 'orders', 1, 'ACTIVE', '{"x":1}', 'a', 0, 0);
            INSERT INTO step_executions (id, instance_id, step_id, step_type, status, attempt, input, started_at)
                VALUES ('e1', 'i1', 'a', 'SERVICE_TASK', 'RUNNING', 1, '{"x":1}', 0);
            INSERT INTO jobs (id, instance_id, step_execution_id, step_id, job_type, status, worker_id, lock_token, locked_at,
                              lock_expires_at, retries_remaining, run_at, lease_ms, created_at)
                VALUES ('j1', 'i1', 'e1', 'a', 'a', 'LOCKED', 'w', 't', 0, 9999999999999, 0, 0, 30000, 0);
            """);

        using var store = new SqliteWeftStore(DatabasePath);
        await store.MigrateAsync();
        var engine = new WeftEngine(store, _time, new WeftEngineOptions());
        Assert.Equal(["a"], (await engine.Instances.GetAsync("i1")).CurrentStepIds);

        await engine.Jobs.CompleteAsync("j1", "w", null);

        var done = await engine.Instances.GetAsync("i1");
        Assert.Equal((InstanceStatus.Completed, "end"), (done.Status, done.CurrentStepIds.Single()));
        Assert.Equal(["a", "end"], (await engine.Instances.GetHistoryAsync("i1")).Select(e => e.StepId));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
