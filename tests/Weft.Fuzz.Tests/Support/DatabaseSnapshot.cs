namespace Weft.Fuzz.Tests.Support;

/// <summary>Every table's rows as text, in a stable order, and the stored values over <see cref="DatabaseState.MaxCellBytes"/>.</summary>
public sealed record DatabaseSnapshot(IReadOnlyDictionary<string, IReadOnlyList<string>> Tables, IReadOnlyList<string> Oversized)
{
    /// <summary>What differs from <paramref name="before"/>, shortened; empty when nothing does.</summary>
    public string DifferenceFrom(DatabaseSnapshot before)
    {
        var lines = new List<string>();
        foreach (var table in Tables.Keys.Union(before.Tables.Keys).Order(StringComparer.Ordinal))
        {
            var now = Tables.GetValueOrDefault(table) ?? [];
            var then = before.Tables.GetValueOrDefault(table) ?? [];
            var added = now.Except(then).ToList();
            var removed = then.Except(now).ToList();
            if (added.Count + removed.Count == 0)
            {
                continue;
            }

            lines.Add($"table {table}: {removed.Count} row(s) changed or removed, {added.Count} row(s) changed or added");
            lines.AddRange(removed.Take(2).Select(r => $"  - {Printable.Shorten(r, 300)}"));
            lines.AddRange(added.Take(2).Select(r => $"  + {Printable.Shorten(r, 300)}"));
        }

        return string.Join('\n', lines);
    }
}
