using System.Data.Common;
using Dapper;

namespace Weft.Storage.Rows;

/// <summary>How both stores turn result rows into objects.</summary>
internal static class RowParser
{
    /// <summary>
    /// Dapper's parser for rows of <typeparamref name="T"/> (a row class or a value tuple, by column names); for a
    /// single text column, the column itself (Dapper's parser for a plain type would return objects).
    /// </summary>
    public static Func<DbDataReader, T> For<T>(DbDataReader reader) =>
        typeof(T) == typeof(string)
            ? (Func<DbDataReader, T>)(object)(Func<DbDataReader, string>)(r => r.GetString(0))
            : reader.GetRowParser<T>();
}
