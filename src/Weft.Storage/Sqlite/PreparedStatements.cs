using System.Data.Common;
using Microsoft.Data.Sqlite;
using Weft.Storage.Rows;

namespace Weft.Storage.Sqlite;

/// <summary>
/// The writer connection's statements, each parsed and planned by SQLite once and kept for the connection's life;
/// a run only binds new values. (Parsing every statement anew took about a third of the writer's time.) Parameters
/// are named <c>@Name</c> and take their values from the like-named properties of a row or anonymous object; rows
/// are read with Dapper's row parsers, kept per statement (a statement's columns never change, so there is no need
/// to look the parser up by column names on every run).
/// </summary>
internal sealed class PreparedStatements(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Sql, int Result), Delegate> _parsers = [];

    public int Execute(string sql, object? values = null) => Bind(sql, values).ExecuteNonQuery();

    public List<T> Query<T>(string sql, object? values = null)
    {
        using var results = Results(sql, values);
        return results.Next<T>();
    }

    /// <summary>Runs <paramref name="sql"/>, which may hold several statements, for the caller to read result by result.</summary>
    public ResultReader Results(string sql, object? values = null) => new(this, sql, Bind(sql, values).ExecuteReader());

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        _parsers.Clear();
    }

    private Func<DbDataReader, T> Parser<T>(string sql, int result, SqliteDataReader reader)
    {
        if (!_parsers.TryGetValue((sql, result), out var parser) || parser is not Func<DbDataReader, T>)
        {
            parser = _parsers[(sql, result)] = RowParser.For<T>(reader);
        }

        return (Func<DbDataReader, T>)parser;
    }

    private SqliteCommand Bind(string sql, object? values)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in SqlParameters.Names(sql))
            {
                command.Parameters.Add(new SqliteParameter("@" + name, null));
            }

            command.Prepare();
            _commands.Add(sql, command);
        }

        foreach (SqliteParameter parameter in command.Parameters)
        {
            parameter.Value = SqlParameters.Property(values, parameter.ParameterName[1..]).GetValue(values) ?? DBNull.Value;
        }

        return command;
    }

    /// <summary>The results of one run, read in order.</summary>
    public sealed class ResultReader(PreparedStatements statements, string sql, SqliteDataReader reader) : IDisposable
    {
        private int _result;

        /// <summary>The rows of the current result; the reader then moves to the next.</summary>
        public List<T> Next<T>()
        {
            var rows = new List<T>();
            var parse = statements.Parser<T>(sql, _result++, reader);
            while (reader.Read())
            {
                rows.Add(parse(reader));
            }

            reader.NextResult();
            return rows;
        }

        public void Dispose() => reader.Dispose();
    }
}
