using System.Threading.Channels;
using Dapper;
using Npgsql;
using Weft.Engine.Storage;
using Weft.Storage.Postgres;
using Weft.Testing.Postgres;

namespace Weft.Storage.Tests.Postgres;

/// <summary>
/// What only the PostgreSQL store does: job-ready notices between store objects, migrations that race, and lock waits
/// that cannot go round in a circle.
/// </summary>
public sealed class PostgresStoreTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly List<PostgresWeftStore> _stores = [];
    private readonly string _application = $"weft-test-{Guid.NewGuid():N}";
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        // An application name of this test's own tells its connections apart from those of the tests before it.
        _connectionString = new NpgsqlConnectionStringBuilder(await database.CreateSchemaAsync()) { ApplicationName = _application }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_listener_hears_the_job_types_another_store_object_announces_when_it_commits()
    {
        var sender = await StoreAsync();
        await using var heard = new Heard(await StoreAsync());
        await heard.ListeningAsync(sender);

        await SendAsync(sender, commit: true, "charge-card", "send-email", "charge-card");

        Assert.Equal(["charge-card", "send-email"], await heard.NextAsync(2));
    }

    [Fact]
    public async Task A_notice_of_a_transaction_rolled_back_is_never_heard()
    {
        var sender = await StoreAsync();
        await using var heard = new Heard(await StoreAsync());
        await heard.ListeningAsync(sender);

        await SendAsync(sender, commit: false, "rolled-back");
        await SendAsync(sender, commit: true, "committed");

        Assert.Equal(["committed"], await heard.NextAsync(1));
    }

    [Fact]
    public async Task A_listener_whose_connection_is_killed_listens_again_and_hears_the_next_notice()
    {
        var sender = await StoreAsync();
        await using var heard = new Heard(await StoreAsync());
        await heard.ListeningAsync(sender);
        var killed = Assert.Single(await ListeningBackendsAsync());

        Assert.True(await QueryAsync<bool>("SELECT pg_terminate_backend(@killed)", new { killed }));
        await GoneAsync(killed); // until then, the dying connection may still hear a probe

        await heard.ListeningAsync(sender);
        Assert.NotEqual(killed, Assert.Single(await ListeningBackendsAsync()));
        await SendAsync(sender, commit: true, "after-the-kill");
        Assert.Equal(["after-the-kill"], await heard.NextAsync(1));
    }

    [Fact]
    public async Task Many_listeners_of_one_store_share_one_connection_and_each_hears_every_notice()
    {
        var sender = await StoreAsync();
        var listening = await StoreAsync();
        await using var first = new Heard(listening);
        await using var second = new Heard(listening);
        await using var third = new Heard(listening);
        await first.ListeningAsync(sender);
        await second.ListeningAsync(sender);
        await third.ListeningAsync(sender);

        await SendAsync(sender, commit: true, "shared");

        Assert.Single(await ListeningBackendsAsync());
        foreach (var heard in new[] { first, second, third })
        {
            Assert.Equal(["shared"], await heard.NextAsync(1));
        }
    }

    [Fact]
    public async Task Job_types_beyond_one_notice_payload_are_all_heard()
    {
        var sender = await StoreAsync();
        await using var heard = new Heard(await StoreAsync());
        await heard.ListeningAsync(sender);
        var jobTypes = Enumerable.Range(0, 100).Select(i => $"{i:D3}-{new string('é', 250)}").ToArray(); // about 50 KB

        await SendAsync(sender, commit: true, jobTypes);

        Assert.Equal(jobTypes, (await heard.NextAsync(jobTypes.Length)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Store_objects_migrating_one_schema_at_once_apply_each_migration_once()
    {
        var stores = new List<PostgresWeftStore>();
        for (var i = 0; i < 4; i++)
        {
            stores.Add(new PostgresWeftStore(_connectionString));
        }

        _stores.AddRange(stores);

        await Task.WhenAll(stores.Select(s => Task.Run(() => s.MigrateAsync())));
        await stores[0].MigrateAsync();

        var versions = await QueryListAsync<long>("SELECT version FROM schema_migrations ORDER BY version");
        Assert.Equal([1L, 2L, 3L, 4L], versions);
        Assert.Equal(0L, await QueryAsync<long>("SELECT count(*) FROM jobs"));
    }

    [Fact]
    public async Task Only_the_first_change_of_a_transaction_waits_for_an_instance_another_transaction_holds()
    {
        var store = await StoreAsync();
        await QueryAsync<long>(
            """
            INSERT INTO instances (id, definition_id, definition_version, status, variables, created_at, updated_at)
            VALUES ('held', 'd', 1, 'ACTIVE', '{}', 0, 0), ('other', 'd', 1, 'ACTIVE', '{}', 0, 0);
            SELECT count(*) FROM instances
            """);
        var holder = await store.BeginAsync();
        await holder.SavepointAsync();
        Assert.NotNull(await holder.LoadInstanceAsync("held"));

        // A later change of a transaction that already keeps a change (and its locks) fails at once, as a race lost.
        await using (var later = await store.BeginAsync())
        {
            await later.SavepointAsync();
            Assert.NotNull(await later.LoadInstanceAsync("other"));
            await later.ReleaseSavepointAsync();
            await later.SavepointAsync();
            var load = later.LoadInstanceAsync("held");
            Assert.Same(load, await Task.WhenAny(load, Task.Delay(Patience)));
            var error = await Assert.ThrowsAsync<PostgresException>(() => load);
            Assert.True(store.IsTransientFailure(error), error.Message);
            await later.RollbackToSavepointAsync();
            await later.CommitAsync();
        }

        // The first change of a transaction holds nothing: it waits, and gets the instance once the holder is done.
        await using var first = await store.BeginAsync();
        await first.SavepointAsync();
        var waiting = first.LoadInstanceAsync("held");
        await holder.DisposeAsync();
        Assert.Equal("held", (await waiting)?.Instance.Id);
    }

    private async Task<PostgresWeftStore> StoreAsync()
    {
        var store = new PostgresWeftStore(_connectionString);
        _stores.Add(store);
        await store.MigrateAsync();
        return store;
    }

    private static async Task SendAsync(PostgresWeftStore store, bool commit, params string[] jobTypes)
    {
        await using var transaction = await store.BeginAsync();
        await transaction.NotifyJobsReadyAsync(jobTypes);
        if (commit)
        {
            await transaction.CommitAsync();
        }
    }

    private async Task GoneAsync(int backend)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (await QueryAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE pid = @backend", new { backend }) > 0)
        {
            await Task.Delay(20, deadline.Token);
        }
    }

    private Task<List<int>> ListeningBackendsAsync() =>
        QueryListAsync<int>("SELECT pid FROM pg_stat_activity WHERE application_name = @application AND query LIKE 'LISTEN weft_%'");

    private async Task<T> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        return await connection.ExecuteScalarAsync<T>(sql, parameters) ?? throw new InvalidOperationException($"{sql} gave no value.");
    }

    private async Task<List<T>> QueryListAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        return (await connection.QueryAsync<T>(sql, new { application = _application })).ToList();
    }

    /// <summary>What one <see cref="IWeftStore.ListenForReadyJobsAsync"/> hears, gathered as it comes.</summary>
    private sealed class Heard : IAsyncDisposable
    {
        private const string Probe = "probe";

        private readonly Channel<string> _heard = Channel.CreateUnbounded<string>();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _listening;

        public Heard(IWeftStore store)
        {
            _listening = Task.Run(async () =>
            {
                await foreach (var jobType in store.ListenForReadyJobsAsync(_stop.Token))
                {
                    await _heard.Writer.WriteAsync(jobType);
                }
            });
        }

        /// <summary>
        /// Returns once the listener hears: it listens on a connection of its own, which it may not have opened yet.
        /// Probes are sent until one is heard; probes are never returned by <see cref="NextAsync"/>.
        /// </summary>
        public async Task ListeningAsync(PostgresWeftStore sender)
        {
            // A probe of an earlier call may still be here; it says nothing about now.
            while (_heard.Reader.TryRead(out _))
            {
            }

            using var deadline = new CancellationTokenSource(Patience);
            while (true)
            {
                await SendAsync(sender, commit: true, Probe);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
                wait.CancelAfter(TimeSpan.FromMilliseconds(200));
                try
                {
                    if (await _heard.Reader.ReadAsync(wait.Token) == Probe)
                    {
                        return;
                    }
                }
                catch (OperationCanceledException) when (!deadline.IsCancellationRequested)
                {
                }
            }
        }

        /// <summary>The next <paramref name="count"/> job types heard, in order, and nothing after them for a moment; fails after a while.</summary>
        public async Task<List<string>> NextAsync(int count)
        {
            using var deadline = new CancellationTokenSource(Patience);
            var heard = new List<string>();
            while (heard.Count < count)
            {
                if (await _heard.Reader.ReadAsync(deadline.Token) is var jobType and not Probe)
                {
                    heard.Add(jobType);
                }
            }

            await Task.Delay(200);
            while (_heard.Reader.TryRead(out var extra))
            {
                Assert.True(extra == Probe, $"heard more than expected: {extra}");
            }

            return heard;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _listening;
            _stop.Dispose();
        }
    }
}
