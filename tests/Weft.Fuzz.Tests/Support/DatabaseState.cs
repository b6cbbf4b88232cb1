using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Weft.Fuzz.Tests.Support;

/// <summary>
/// Reads the server's SQLite file read-only: every table's rows in a stable order. <c>PRAGMA data_version</c> tells
/// whether the server committed anything since the last read, so an unchanged database is not read again.
/// </summary>
public sealed class DatabaseState : IDisposable
{
    /// <summary>A stored value larger than this (the server's variables limit, 1 MiB, plus slack) is unbounded storage.</summary>
    public const int MaxCellBytes = (1024 * 1024) + (64 * 1024);

    private readonly SqliteConnection _connection;
    private long _version = -1;
    private DatabaseSnapshot? _snapshot;

    public DatabaseState(string path)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        _connection = new SqliteConnection(builder.ToString());
        _connection.Open();
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 30000";
        command.ExecuteNonQuery();
    }

    /// <summary>The database as it is now.</summary>
    public DatabaseSnapshot Read()
    {
        var version = Scalar("PRAGMA data_version");
        if (_snapshot is null || version != _version)
        {
            _snapshot = Dump();
            _version = version;
        }

        return _snapshot;
    }

    public void Dispose() => _connection.Dispose();

    private DatabaseSnapshot Dump()
    {
        var tables = new List<string>();
        using (var command = _connection.CreateCommand())
        {
            // Not `workers`: the server records the polls it answered in the background, so a sighting of an earlier,
            // accepted poll may land while a later request is checked; it is a log of polls, not state a request changes.
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'workers' ORDER BY name";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var rows = new Dictionary<string, IReadOnlyList<string>>();
        var oversized = new List<string>();
        using var transaction = _connection.BeginTransaction(deferred: true); // one consistent read of all tables
        foreach (var table in tables)
        {
            rows[table] = ReadTable(table, oversized);
        }

        transaction.Commit();
        return new DatabaseSnapshot(rows, oversized);
    }

    private List<string> ReadTable(string table, List<string> oversized)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\" LIMIT 0";
        using var reader = command.ExecuteReader();
        var order = string.Join(", ", Enumerable.Range(1, reader.FieldCount));
        reader.Close();
        command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY {order}";
        using var sorted = command.ExecuteReader();
        var result = new List<string>();
        while (sorted.Read())
        {
            var row = new StringBuilder();
            for (var i = 0; i < sorted.FieldCount; i++)
            {
                var value = sorted.IsDBNull(i) ? "NULL" : Convert.ToString(sorted.GetValue(i), CultureInfo.InvariantCulture) ?? "";
                if (Encoding.UTF8.GetByteCount(value) > MaxCellBytes)
                {
                    oversized.Add($"{table}.{sorted.GetName(i)} of row {Convert.ToString(sorted.GetValue(0), CultureInfo.InvariantCulture)} " +
                                  $"({Encoding.UTF8.GetByteCount(value):N0} bytes)");
                }

                row.Append(i == 0 ? "" : " | ").Append(sorted.GetName(i)).Append('=').Append(value);
            }

            result.Add(row.ToString());
        }

        return result;
    }

    private long Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
