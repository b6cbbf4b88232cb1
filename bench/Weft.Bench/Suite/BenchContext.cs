using Npgsql;
using Weft.Bench.Measuring;

namespace Weft.Bench.Suite;

/// <summary>The options of a run and the databases it made: one SQLite file or PostgreSQL database per part, removed at the end.</summary>
public sealed class BenchContext : IAsyncDisposable
{
    private readonly DirectoryInfo? _folder;
    private PostgresCommitCounter? _postgresCommits;
    private readonly List<string> _databases = [];
    private readonly string _stamp = DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);

    public BenchContext(BenchOptions options)
    {
        Options = options;
        if (options.Store == StoreKind.Sqlite)
        {
            var parent = options.Directory ?? Path.GetTempPath();
            System.IO.Directory.CreateDirectory(parent);
            _folder = System.IO.Directory.CreateDirectory(Path.Combine(parent, $"weft-bench-{_stamp}-{Environment.ProcessId}"));
        }
    }

    public BenchOptions Options { get; }

    public StoreKind Store => Options.Store;

    public string StoreName => Store == StoreKind.Sqlite ? "SQLite" : "PostgreSQL";

    /// <summary>A new SQLite file path for the part named <paramref name="name"/>.</summary>
    public string NewSqliteFile(string name) => Path.Combine(_folder!.FullName, $"{name}.db");

    /// <summary>A new, empty PostgreSQL database for the part named <paramref name="name"/>; its connection string.</summary>
    public async Task<string> NewPostgresDatabaseAsync(string name)
    {
        var database = $"weft_bench_{name}_{_stamp}";
        await using (var connection = new NpgsqlConnection(Options.Postgres))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        _databases.Add(database);
        return new NpgsqlConnectionStringBuilder(Options.Postgres) { Database = database }.ToString();
    }

    /// <summary>A new database of the run's kind: a SQLite file path or a PostgreSQL connection string.</summary>
    public async Task<string> NewDatabaseAsync(string name) =>
        Store == StoreKind.Sqlite ? NewSqliteFile(name) : await NewPostgresDatabaseAsync(name);

    /// <summary>
    /// Counts the commits to <paramref name="database"/> (a SQLite file), or to the PostgreSQL cluster (its WAL,
    /// read from a database of the bench's own).
    /// </summary>
    public async Task<CommitCounter> CommitCounterAsync(string database) =>
        Store == StoreKind.Sqlite ? new SqliteCommitCounter(database) : _postgresCommits ??= new PostgresCommitCounter(await NewPostgresDatabaseAsync("meta"));

    public async ValueTask DisposeAsync()
    {
        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                _folder.Delete(recursive: true);
            }
            catch (IOException ex)
            {
                Console.Error.WriteLine($"Could not delete {_folder.FullName}: {ex.Message}");
            }
        }

        if (_databases.Count == 0)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Options.Postgres);
        await connection.OpenAsync();
        foreach (var database in _databases)
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
