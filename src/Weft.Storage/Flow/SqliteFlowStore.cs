using Microsoft.Data.Sqlite;
using Weft.Flow;
using Weft.Storage.Sqlite;

namespace Weft.Storage.Flow;

/// <summary>
/// Stores Weft.Flow snapshots in a SQLite file, one row per flow in its own <c>flow_snapshots</c> table (created on
/// first use, so the file may be the Weft database itself or a file of its own).
/// </summary>
public sealed class SqliteFlowStore : IFlowStore
{
    private const string CreateTable = """
        CREATE TABLE IF NOT EXISTS flow_snapshots (
            flow_id   TEXT PRIMARY KEY NOT NULL,
            status    TEXT NOT NULL,
            snapshot  TEXT NOT NULL,
            saved_at  TEXT NOT NULL
        )
        """;

    private readonly SqliteFile _file;
    private readonly TimeProvider _timeProvider;
    private volatile bool _tableReady;

    /// <param name="path">The database file; created when missing.</param>
    /// <param name="timeProvider">The clock for the <c>saved_at</c> column.</param>
    public SqliteFlowStore(string path, TimeProvider? timeProvider = null)
    {
        _file = new SqliteFile(path);
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The database file.</summary>
    public string Path => _file.Path;

    /// <inheritdoc />
    public async Task SaveAsync(string flowId, FlowSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(flowId);
        ArgumentNullException.ThrowIfNull(snapshot);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO flow_snapshots (flow_id, status, snapshot, saved_at) VALUES ($id, $status, $snapshot, $savedAt)
            ON CONFLICT (flow_id) DO UPDATE SET status = excluded.status, snapshot = excluded.snapshot, saved_at = excluded.saved_at
            """;
        command.Parameters.AddWithValue("$id", flowId);
        command.Parameters.AddWithValue("$status", snapshot.Status.ToString());
        command.Parameters.AddWithValue("$snapshot", snapshot.ToJson());
        command.Parameters.AddWithValue("$savedAt", _timeProvider.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<FlowSnapshot?> LoadAsync(string flowId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(flowId);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT snapshot FROM flow_snapshots WHERE flow_id = $id";
        command.Parameters.AddWithValue("$id", flowId);
        var json = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        return json is null ? null : FlowSnapshot.FromJson(json);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string flowId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(flowId);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM flow_snapshots WHERE flow_id = $id";
        command.Parameters.AddWithValue("$id", flowId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await _file.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_tableReady)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = CreateTable;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                _tableReady = true;
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
