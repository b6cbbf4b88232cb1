using Npgsql;

namespace Weft.Bench.Measuring;

/// <summary>
/// Counts the commit records that PostgreSQL wrote to its WAL between two points (pg_walinspect's
/// <c>pg_get_wal_stats</c>, record type Transaction/COMMIT): one per transaction that changed something, i.e. per
/// durable commit. The WAL is the whole cluster's, so other activity on it counts too (autovacuum, other clients).
/// Needs the pg_walinspect extension (contrib, PostgreSQL 15+) and a superuser or pg_read_server_files; without
/// them the count is null (n/a). <paramref name="connectionString"/> names a database the bench may add the
/// extension to.
/// </summary>
public sealed class PostgresCommitCounter(string connectionString) : CommitCounter
{
    private bool? _available;

    public override async Task<Func<Task<long?>>> StartAsync()
    {
        var start = await QueryAsync("SELECT pg_current_wal_flush_lsn()::text") as string;
        return async () => start is null
            ? null
            : await QueryAsync($"""
                SELECT coalesce(sum(s.count), 0) FROM pg_get_wal_stats('{start}', pg_current_wal_flush_lsn(), true) AS s(kind)
                WHERE s.kind = 'Transaction/COMMIT'
                """) is { } count ? Convert.ToInt64(count, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private async Task<object?> QueryAsync(string sql)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            if (_available is null)
            {
                await using var create = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_walinspect", connection);
                await create.ExecuteNonQueryAsync();
                _available = true;
            }

            await using var command = new NpgsqlCommand(sql, connection);
            return await command.ExecuteScalarAsync();
        }
        catch (NpgsqlException ex)
        {
            if (_available is not false)
            {
                await Console.Error.WriteLineAsync($"commits/job is n/a: {ex.Message.Split('\n')[0]}");
            }

            _available = false;
            return null;
        }
    }
}
