using Dapper;
using Microsoft.Data.Sqlite;

namespace Weft.Storage.Sqlite;

/// <summary>How Weft opens a SQLite file, the same way for every store that uses one.</summary>
internal sealed class SqliteFile
{
    private readonly string _connectionString;

    /// <param name="path">The database file; created when missing.</param>
    public SqliteFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Path { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // NORMAL is crash-safe in WAL mode (a crash never corrupts or half-applies a transaction); FULL adds an
            // fsync per commit so that a power cut cannot lose the last acknowledged commits either.
            await connection.ExecuteAsync("PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000");
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A pooled connection for reads: WAL readers need none of the writer's settings.</summary>
    public async Task<SqliteConnection> OpenForReadingAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Closes the pooled connections, so the file can be moved or deleted.</summary>
    public void ClearPool()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
