using System.Text;

namespace Weft.Fuzz.Tests.Support;

/// <summary>
/// The broken properties of a run, one entry per distinct failure (property, route, kind of input, status) with the
/// first example in full and how often it happened.
/// </summary>
public sealed class ViolationLog
{
    private const int MaxListed = 60;

    private readonly Dictionary<string, (string Example, int Count)> _entries = [];
    private readonly List<string> _order = [];

    public int Distinct => _order.Count;

    public int Total => _entries.Values.Sum(e => e.Count);

    /// <summary>Whether this failure is already known (so its example need not be gathered again).</summary>
    public bool Has(string property, FuzzRequest request, string outcome) => _entries.ContainsKey(Key(property, request, outcome));

    /// <param name="outcome">The status or other short outcome that, with the rest, makes the failure distinct.</param>
    /// <param name="example">The generated input and the observed answer, in full.</param>
    public void Add(string property, FuzzRequest request, string outcome, string example)
    {
        var key = Key(property, request, outcome);
        if (_entries.TryGetValue(key, out var entry))
        {
            _entries[key] = (entry.Example, entry.Count + 1);
            return;
        }

        _entries[key] = (example, 1);
        _order.Add(key);
    }

    private static string Key(string property, FuzzRequest request, string outcome) =>
        $"{property}\n    {request.Method} {request.Route}  [input: {request.Label}]  → {outcome}";

    public string Report()
    {
        var report = new StringBuilder();
        for (var i = 0; i < Math.Min(MaxListed, _order.Count); i++)
        {
            var (example, count) = _entries[_order[i]];
            report.Append($"\n[{i + 1}] {_order[i]}  ({count}×)\n{example}\n");
        }

        if (_order.Count > MaxListed)
        {
            report.Append($"\n… and {_order.Count - MaxListed} more distinct failures.\n");
        }

        return report.ToString();
    }
}
