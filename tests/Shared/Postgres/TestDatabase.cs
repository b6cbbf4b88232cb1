using Npgsql;

namespace Weft.Testing.Postgres;

/// <summary>
/// A database of its own for one test class (an xunit class fixture), dropped after the class, in which each test
/// takes an empty schema of its own: tests of different classes, and so of different databases, run in parallel.
/// </summary>
public sealed class TestDatabase : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ConnectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
    }

    public async Task DisposeAsync() => await (await PostgresServer.GetAsync()).DropDatabaseAsync(ConnectionString);

    /// <summary>Creates an empty schema and returns a connection string whose search path is that schema alone.</summary>
    public async Task<string> CreateSchemaAsync()
    {
        var name = $"test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = name }.ConnectionString;
    }
}
