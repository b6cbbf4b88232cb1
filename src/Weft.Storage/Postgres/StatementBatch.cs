using System.Collections.Concurrent;
using Npgsql;
using NpgsqlTypes;
using Weft.Storage.Rows;

namespace Weft.Storage.Postgres;

/// <summary>
/// Statements sent to PostgreSQL in one round trip. Each takes its <c>@Name</c> parameters from the public properties
/// of an object (a row, or an anonymous object), as Dapper would. The names are turned into positions (<c>$1</c>…)
/// once per statement text, so that Npgsql sends the text as it is instead of parsing it on every run.
/// </summary>
internal sealed class StatementBatch
{
    private static readonly ConcurrentDictionary<string, (string Sql, string[] Names)> Positional = new(StringComparer.Ordinal);

    private readonly List<NpgsqlBatchCommand> _commands = [];

    public int Count => _commands.Count;

    /// <summary>Adds a statement and returns its index, to read its affected rows after <see cref="ExecuteAsync"/>.</summary>
    public int Add(string sql, object? parameters = null)
    {
        var (text, names) = Positional.GetOrAdd(sql, SqlParameters.ToPositional);
        var command = new NpgsqlBatchCommand(text);
        foreach (var name in names)
        {
            var property = SqlParameters.Property(parameters, name);
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = TypeOf(property.PropertyType), Value = property.GetValue(parameters) ?? DBNull.Value });
        }

        _commands.Add(command);
        return _commands.Count - 1;
    }

    public void AddEach<T>(string sql, IEnumerable<T> rows)
        where T : notnull
    {
        foreach (var row in rows)
        {
            Add(sql, row);
        }
    }

    /// <summary>Runs every statement, in order, and returns the rows each affected.</summary>
    public async Task<IReadOnlyList<int>> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        if (_commands.Count == 0)
        {
            return [];
        }

        await using var batch = ToBatch(connection, transaction);
        await batch.ExecuteNonQueryAsync();
        return _commands.Select(c => c.RecordsAffected).ToList();
    }

    /// <summary>
    /// Runs every statement, in order, for the caller to read the results of those that return rows (a statement
    /// that returns none, such as <c>SAVEPOINT</c>, has no result to skip) with <see cref="ReadAsync{T}"/>.
    /// </summary>
    public async Task<NpgsqlDataReader> ExecuteReaderAsync(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        await using var batch = ToBatch(connection, transaction);
        return await batch.ExecuteReaderAsync();
    }

    /// <summary>The rows of the reader's current result; the reader then moves to the next.</summary>
    public static async Task<List<T>> ReadAsync<T>(NpgsqlDataReader reader)
    {
        var rows = new List<T>();
        var parse = RowParser.For<T>(reader);
        while (await reader.ReadAsync())
        {
            rows.Add(parse(reader));
        }

        await reader.NextResultAsync();
        return rows;
    }

    private NpgsqlBatch ToBatch(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        foreach (var command in _commands)
        {
            batch.BatchCommands.Add(command);
        }

        return batch;
    }

    private static NpgsqlDbType TypeOf(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(string) => NpgsqlDbType.Text,
        var t when t == typeof(long) => NpgsqlDbType.Bigint,
        var t when t == typeof(int) => NpgsqlDbType.Integer,
        var t when t == typeof(bool) => NpgsqlDbType.Boolean,
        var t when t == typeof(double) => NpgsqlDbType.Double,
        var t when t == typeof(string[]) => NpgsqlDbType.Array | NpgsqlDbType.Text,
        _ => throw new NotSupportedException($"A parameter of type {type} has no column type here."),
    };
}
