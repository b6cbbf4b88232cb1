using Dapper;
using Npgsql;
using Weft.Engine.Events;
using Weft.Storage.Rows;

namespace Weft.Storage.Postgres;

/// <summary>
/// The event table in PostgreSQL. Appends take an advisory lock at the end of their transactions
/// (<see cref="PostgresWeftTransaction.CommitAsync"/>), so the committed seqs a reader sees have no gap that a
/// later commit could fill: reading <c>seq &gt; last</c> in order skips nothing. Other nodes' commits arrive as
/// <see cref="EventNotices"/>.
/// </summary>
internal sealed class PostgresEventStore(NpgsqlDataSource dataSource, ReadyJobListener listener) : IEventStore
{
    public async Task<IReadOnlyList<DomainEvent>> ReadAsync(long afterSeq, long? upToSeq, EventFilter filter, int max, CancellationToken cancellationToken = default)
    {
        var (sql, parameters) = EventStatements.Read(afterSeq, upToSeq, filter, max);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToEvent()).ToList();
    }

    public async Task<EventBounds> GetBoundsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadBoundsAsync(connection, null);
    }

    // One REPEATABLE READ transaction: one view of the database, so the counts and the high-water mark agree.
    public async Task<EventSnapshot> GetSnapshotAsync(EventFilter filter, int maxInstances, CancellationToken cancellationToken = default)
    {
        var (counts, instances, parameters) = EventStatements.Snapshot(filter, maxInstances);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var bounds = await ReadBoundsAsync(connection, transaction);
        var countRows = await connection.QueryAsync<(string Status, long N)>(counts, parameters, transaction);
        var rows = (await connection.QueryAsync<InstanceRow>(instances, parameters, transaction)).ToList();
        await transaction.CommitAsync(cancellationToken);
        return EventStatements.ToSnapshot(bounds.HighWater, countRows, rows, maxInstances);
    }

    // Nodes may sweep at once: each statement deletes a prefix of seqs and raises the mark, both idempotent.
    public async Task<int> DeleteOlderAsync(DateTimeOffset before, int batch, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            EventStatements.DeleteOlderPostgres, new { before = RowConvert.ToMillis(before), batch = (long)batch }, cancellationToken: cancellationToken));
    }

    public async Task<StoreCounts> GetCountsAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string What, long N)>(EventStatements.Counts, new { now = RowConvert.ToMillis(now) });
        return EventStatements.ToCounts(rows);
    }

    public IAsyncEnumerable<string> ListenAsync(CancellationToken cancellationToken) =>
        listener.NoticesAsync(EventNotices.Channel, cancellationToken);

    private static async Task<EventBounds> ReadBoundsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        var (highWater, purgedThrough) = await connection.QuerySingleAsync<(long HighWater, long PurgedThrough)>(EventStatements.Bounds, transaction: transaction);
        return new EventBounds(Math.Max(highWater, purgedThrough), purgedThrough);
    }
}
