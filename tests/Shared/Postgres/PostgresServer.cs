using Npgsql;

namespace Weft.Testing.Postgres;

/// <summary>
/// The PostgreSQL server the tests of this process share: the one <see cref="Variable"/> names (a connection string
/// of a user that may create databases), else a <see cref="ThrowawayCluster"/> started on first use and removed after
/// the process exits. It never skips: a server that cannot be reached or started fails the tests that need it.
/// </summary>
public sealed class PostgresServer
{
    public const string Variable = "WEFT_TEST_POSTGRES";

    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private PostgresServer(string connectionString)
    {
        ConnectionString = connectionString;
    }

    /// <summary>A connection string to the server's maintenance database, for creating and dropping databases.</summary>
    public string ConnectionString { get; }

    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>Creates an empty database and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"weft_test_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE DATABASE {name}");
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database that <see cref="CreateDatabaseAsync"/> made, whoever is still connected to it.</summary>
    public Task DropDatabaseAsync(string connectionString) =>
        ExecuteAsync($"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(connectionString).Database} WITH (FORCE)");

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var given = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            var server = new PostgresServer(given);
            try
            {
                await server.ExecuteAsync("SELECT 1");
            }
            catch (Exception ex) when (ex is NpgsqlException or ArgumentException)
            {
                throw new InvalidOperationException($"{Variable} names a PostgreSQL server the tests cannot use ({ex.Message}). Fix it, or unset it to let the tests start their own.", ex);
            }

            return server;
        }

        var cluster = ThrowawayCluster.Start();
        return new PostgresServer(cluster.ConnectionString);
    }
}
