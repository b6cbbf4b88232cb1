using Dapper;
using Microsoft.Data.Sqlite;
using Weft.Engine.Events;
using Weft.Engine.Storage;
using Weft.Storage.Rows;

namespace Weft.Storage.Sqlite;

/// <summary>
/// The event table of a SQLite file. seq is commit order (one writer, AUTOINCREMENT), so a read after a seq never
/// skips an event that commits later. Reads go to a reading connection; retention takes the writer's turn.
/// </summary>
internal sealed class SqliteEventStore(SqliteFile file, Func<CancellationToken, Task<IWeftTransaction>> begin) : IEventStore
{
    public async Task<IReadOnlyList<DomainEvent>> ReadAsync(long afterSeq, long? upToSeq, EventFilter filter, int max, CancellationToken cancellationToken = default)
    {
        var (sql, parameters) = EventStatements.Read(afterSeq, upToSeq, filter, max);
        await using var connection = await file.OpenForReadingAsync(cancellationToken);
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToEvent()).ToList();
    }

    public async Task<EventBounds> GetBoundsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await file.OpenForReadingAsync(cancellationToken);
        return await ReadBoundsAsync(connection, null);
    }

    // One read transaction: WAL gives it one view of the file, so the counts and the high-water mark agree.
    public async Task<EventSnapshot> GetSnapshotAsync(EventFilter filter, int maxInstances, CancellationToken cancellationToken = default)
    {
        var (counts, instances, parameters) = EventStatements.Snapshot(filter, maxInstances);
        await using var connection = await file.OpenForReadingAsync(cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: true);
        var bounds = await ReadBoundsAsync(connection, transaction);
        var countRows = await connection.QueryAsync<(string Status, long N)>(counts, parameters, transaction);
        var rows = (await connection.QueryAsync<InstanceRow>(instances, parameters, transaction)).ToList();
        return EventStatements.ToSnapshot(bounds.HighWater, countRows, rows, maxInstances);
    }

    public async Task<int> DeleteOlderAsync(DateTimeOffset before, int batch, CancellationToken cancellationToken = default)
    {
        await using var transaction = await begin(cancellationToken);
        var deleted = ((SqliteWeftTransaction)transaction).DeleteOlderEvents(before, batch);
        await transaction.CommitAsync();
        return deleted;
    }

    public async Task<StoreCounts> GetCountsAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await file.OpenForReadingAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string What, long N)>(EventStatements.Counts, new { now = RowConvert.ToMillis(now) });
        return EventStatements.ToCounts(rows);
    }

    // One process owns the file: its own commits wake its reader directly.
    public async IAsyncEnumerable<string> ListenAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        yield break;
    }

    private static async Task<EventBounds> ReadBoundsAsync(SqliteConnection connection, SqliteTransaction? transaction)
    {
        var (highWater, purgedThrough) = await connection.QuerySingleAsync<(long HighWater, long PurgedThrough)>(EventStatements.Bounds, transaction: transaction);
        return new EventBounds(Math.Max(highWater, purgedThrough), purgedThrough);
    }
}
