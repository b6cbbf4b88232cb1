using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Weft.Storage.Rows;

/// <summary>
/// The <c>@Name</c> parameters of both stores' SQL, and their values: the like-named public properties (any case) of
/// a row or an anonymous object, as Dapper would take them.
/// </summary>
internal static partial class SqlParameters
{
    private static readonly ConcurrentDictionary<(Type Type, string Name), PropertyInfo> Properties = new();

    /// <summary>The names in <paramref name="sql"/>, each once, in the order they first appear.</summary>
    public static string[] Names(string sql) => ToPositional(sql).Names;

    /// <summary><paramref name="sql"/> with <c>$1</c>, <c>$2</c>… in place of the names, in the order of <see cref="Names"/>.</summary>
    public static (string Sql, string[] Names) ToPositional(string sql)
    {
        var names = new List<string>();
        var text = Pattern().Replace(sql, match =>
        {
            var index = names.FindIndex(n => string.Equals(n, match.Groups[1].Value, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                names.Add(match.Groups[1].Value);
                index = names.Count - 1;
            }

            return "$" + (index + 1).ToString(CultureInfo.InvariantCulture);
        });
        return (text, [.. names]);
    }

    /// <summary>The property of <paramref name="values"/> that gives the parameter <paramref name="name"/> its value.</summary>
    public static PropertyInfo Property(object? values, string name) =>
        values is null
            ? throw new InvalidOperationException($"No value was given for the SQL parameter @{name}.")
            : Properties.GetOrAdd((values.GetType(), name), Find);

    private static PropertyInfo Find((Type Type, string Name) key) =>
        key.Type.GetProperty(key.Name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)
        ?? throw new InvalidOperationException($"{key.Type.Name} has no property for the SQL parameter @{key.Name}.");

    [GeneratedRegex(@"@(\w+)")]
    private static partial Regex Pattern();
}
