using System.Collections.Concurrent;
using Npgsql;
using Weft.Engine.Events;
using Weft.Storage.Postgres;
using Weft.Testing.Postgres;

namespace Weft.Storage.Tests.Postgres;

/// <summary>
/// Seq order on PostgreSQL, where several transactions commit at once: a reader of <c>seq &gt; last</c> must never
/// see a seq while a smaller one may still commit, or it would skip that one for good.
/// </summary>
public sealed class PostgresEventOrderTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private readonly List<PostgresWeftStore> _stores = [];
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        _connectionString = await database.CreateSchemaAsync();
        await (await StoreAsync()).MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_reader_following_concurrent_writers_never_skips_an_event()
    {
        var writers = Enumerable.Range(0, 4).Select(_ => StoreAsync()).ToList();
        var stores = await Task.WhenAll(writers);
        var reader = await StoreAsync();
        using var done = new CancellationTokenSource();
        var seen = new List<long>();
        var reading = Task.Run(async () =>
        {
            long last = 0;
            while (true)
            {
                var finished = done.IsCancellationRequested;
                foreach (var e in await reader.Events.ReadAsync(last, null, EventFilter.All, 1000))
                {
                    seen.Add(e.Seq);
                    last = e.Seq;
                }

                if (finished)
                {
                    return;
                }
            }
        });

        // Each writer: many transactions of a few events, several in flight on each store object at once.
        var writing = stores.SelectMany((store, w) => Enumerable.Range(0, 8).Select(lane => Task.Run(async () =>
        {
            for (var t = 0; t < 25; t++)
            {
                await using var transaction = await store.BeginAsync();
                await transaction.AppendEventsAsync([.. Enumerable.Range(0, 3).Select(i => Event($"w{w}-{lane}-{t}-{i}"))]);
                await transaction.CommitAsync();
            }
        }))).ToList();
        await Task.WhenAll(writing);
        await done.CancelAsync();
        await reading;

        var all = new List<long>();
        IReadOnlyList<DomainEvent> page;
        do
        {
            page = await reader.Events.ReadAsync(all.LastOrDefault(), null, EventFilter.All, 1000);
            all.AddRange(page.Select(e => e.Seq));
        }
        while (page.Count > 0);

        Assert.Equal(4 * 8 * 25 * 3, all.Count);
        Assert.Equal(all, seen);
    }

    [Fact]
    public async Task An_append_waits_for_the_transaction_that_appends_before_it_to_commit()
    {
        var store = await StoreAsync();
        await using var holder = new NpgsqlConnection(_connectionString);
        await holder.OpenAsync();
        await using var held = await holder.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand("SELECT 1 FROM pg_advisory_xact_lock(hashtext('weft.events'))" /* the store's key */, holder, held))
        {
            await take.ExecuteNonQueryAsync();
        }

        var committing = Task.Run(async () =>
        {
            await using var transaction = await store.BeginAsync();
            await transaction.AppendEventsAsync([Event("waits")]);
            await transaction.CommitAsync();
        });

        await Task.WhenAny(committing, Task.Delay(TimeSpan.FromMilliseconds(500)));
        Assert.False(committing.IsCompleted);
        Assert.Empty(await store.Events.ReadAsync(0, null, EventFilter.All, 10));

        await held.CommitAsync();
        await committing.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("waits", Assert.Single(await store.Events.ReadAsync(0, null, EventFilter.All, 10)).EntityId);
    }

    [Fact]
    public async Task Retention_on_two_nodes_at_once_deletes_each_event_once_and_keeps_the_mark()
    {
        var store = await StoreAsync();
        var other = await StoreAsync();
        await using (var transaction = await store.BeginAsync())
        {
            await transaction.AppendEventsAsync([.. Enumerable.Range(0, 50).Select(i => Event($"e{i}"))]);
            await transaction.CommitAsync();
        }

        var before = DateTimeOffset.UtcNow.AddDays(1);
        var deleted = await Task.WhenAll(store.Events.DeleteOlderAsync(before, 10), other.Events.DeleteOlderAsync(before, 10));
        var rest = await store.Events.DeleteOlderAsync(before, 1000);
        Assert.Equal(50, deleted.Sum() + rest);
        var bounds = await store.Events.GetBoundsAsync();
        Assert.Equal(bounds.HighWater, bounds.PurgedThrough);
    }

    private static DomainEvent Event(string id) => new()
    {
        At = DateTimeOffset.UtcNow,
        Topic = EventTopics.Job,
        Kind = "created",
        InstanceId = "no-instance",
        DefinitionId = "test",
        EntityId = id,
    };

    private Task<PostgresWeftStore> StoreAsync()
    {
        var store = new PostgresWeftStore(_connectionString);
        _stores.Add(store);
        return Task.FromResult(store);
    }
}
