using System.Collections.Concurrent;
using System.Reflection;
using Npgsql;
using NpgsqlTypes;

namespace Weft.Storage.Postgres;

/// <summary>
/// Statements sent to PostgreSQL in one round trip. Each takes its <c>@Name</c> parameters from the public properties
/// of an object (a row, or an anonymous object), as Dapper would.
/// </summary>
internal sealed class StatementBatch
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    private readonly List<NpgsqlBatchCommand> _commands = [];

    public int Count => _commands.Count;

    /// <summary>Adds a statement and returns its index, to read its affected rows after <see cref="ExecuteAsync"/>.</summary>
    public int Add(string sql, object parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var property in Properties.GetOrAdd(parameters.GetType(), type => type.GetProperties(BindingFlags.Public | BindingFlags.Instance)))
        {
            command.Parameters.Add(new NpgsqlParameter(property.Name, TypeOf(property.PropertyType)) { Value = property.GetValue(parameters) ?? DBNull.Value });
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

        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var command in _commands)
        {
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync();
        return _commands.Select(c => c.RecordsAffected).ToList();
    }

    private static NpgsqlDbType TypeOf(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(string) => NpgsqlDbType.Text,
        var t when t == typeof(long) => NpgsqlDbType.Bigint,
        var t when t == typeof(int) => NpgsqlDbType.Integer,
        var t when t == typeof(bool) => NpgsqlDbType.Boolean,
        _ => throw new NotSupportedException($"A parameter of type {type} has no column type here."),
    };
}
