using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Weft.Bench.Suite;

/// <summary>The figures of a run: the table, the goals (PASS/FAIL) and the JSON file.</summary>
public sealed class BenchReport(BenchOptions options)
{
    private const int GoalInstances = 100_000;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static readonly string[] FigureColumns = ["part", "figure", "value", "unit", "× raw-50", "commits/job", "CPU ms/job", "note"];
    private static readonly string[] GoalColumns = ["goal (issue 8, 2 cores)", "target", "measured", "result", "note"];

    private readonly List<Figure> _figures = [];
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
    private readonly string? _loadAtStart = LoadAverage();

    private string StoreName => options.Store == StoreKind.Sqlite ? "SQLite" : "PostgreSQL";

    public void Add(Figure figure) => _figures.Add(figure);

    public string Header() => Invariant($"""
        Weft benchmark on {StoreName}: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}
        workers {options.Workers}, instances {options.Instances:N0}, memory instances {options.MemoryInstances:N0}, pickup samples {options.PickupSamples}, runners {options.Runners}, cap {options.MaxSeconds.TotalSeconds:0} s
        load average at start: {_loadAtStart ?? "n/a"} (figures taken while the machine is busy are noisy)
        """);

    /// <summary>One figure on one line, for progress output.</summary>
    public static string Line(Figure figure) => figure.Error is not null
        ? $"{figure.Name}: FAILED: {figure.Error}"
        : Invariant($"{figure.Name}: {Value(figure)} {figure.Unit}")
          + (figure.CommitsPerJob is { } c ? Invariant($", {c:0.000} commits/job") : "")
          + (figure.CpuMsPerJob is { } cpu ? Invariant($", {cpu:0.000} CPU ms/job ({figure.CpuOf})") : "")
          + (figure.Note is { } note ? $" [{note}]" : "");

    public string Table()
    {
        FillRatios();
        var rows = new List<string[]> { FigureColumns };
        foreach (var f in _figures)
        {
            rows.Add(
            [
                f.Part,
                f.Name,
                f.Error is null ? Value(f) : "FAILED",
                f.Unit,
                f.RatioToRawBatch is { } r ? r.ToString(r < 0.1 ? "0.000" : "0.00", CultureInfo.InvariantCulture) : "",
                f.CommitsPerJob is { } c ? Invariant($"{c:0.000}") : "",
                f.CpuMsPerJob is { } cpu ? Invariant($"{cpu:0.000}") : "",
                f.Error ?? f.Note ?? "",
            ]);
        }

        return Render(rows)
            + "× raw-50: the figure in jobs/s (for instances/s: their jobs/s) over the raw SQL loop's at 50 jobs/commit. commits/job: "
            + (options.Store == StoreKind.Sqlite ? "SQLite WAL commits (wal-index change counter)" : "PostgreSQL commit records in the WAL (pg_walinspect, whole cluster)")
            + ". CPU ms/job: CPU time of the process named in the JSON (cpuOf) over the measured span, per job.\n";
    }

    public string GoalTable()
    {
        var rows = new List<string[]> { GoalColumns };
        rows.AddRange(Goals().Select(g => new[] { g.Name, g.Target, g.Measured, g.Result, g.Note ?? "" }));
        return Render(rows);
    }

    public async Task<string> WriteJsonAsync()
    {
        FillRatios();
        var path = options.Output ?? Path.Combine(
            RepositoryPaths.Root?.FullName ?? Environment.CurrentDirectory, "bench", "results",
            $"{options.Store.ToString().ToLowerInvariant()}-{_started:yyyyMMdd-HHmmss}.json");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var document = new
        {
            store = options.Store.ToString().ToLowerInvariant(),
            startedAt = _started,
            finishedAt = DateTimeOffset.UtcNow,
            machine = new
            {
                cores = Environment.ProcessorCount,
                os = RuntimeInformation.OSDescription,
                runtime = RuntimeInformation.FrameworkDescription,
                loadAverageAtStart = _loadAtStart,
                loadAverageAtEnd = LoadAverage(),
            },
            options = new
            {
                options.Workers,
                options.Instances,
                options.MemoryInstances,
                options.PickupSamples,
                options.Runners,
                maxSeconds = options.MaxSeconds.TotalSeconds,
                parts = options.Parts.Order(StringComparer.Ordinal).ToList(),
            },
            figures = _figures,
            goals = Goals(),
        };
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(document, Json));
        return Path.GetFullPath(path);
    }

    private List<Goal> Goals()
    {
        FillRatios();
        var goals = new List<Goal>();
        var e2e = Find("e2e-jobs");
        if (options.Store == StoreKind.Sqlite)
        {
            goals.Add(AtLeast("SQLite end to end jobs/s", e2e?.JobsPerSecond, 10_000, "N0", "jobs/s"));
            goals.Add(AtMost("SQLite server CPU per job", e2e?.CpuMsPerJob, 0.15, "0.000", "ms"));
        }
        else
        {
            goals.Add(AtLeast("PostgreSQL end to end jobs/s", e2e?.JobsPerSecond, 17_000, "N0", "jobs/s"));
            goals.Add(AtLeast("PostgreSQL end to end / raw batch-50 loop", e2e?.RatioToRawBatch * 100, 40, "0", "%"));
        }

        goals.Add(AtLeast("in-process / raw batch-50 loop", Find("inproc-jobs")?.RatioToRawBatch * 100, 60, "0", "%"));
        goals.Add(AtMost("idle pickup p50 (lockedAt − createdAt)", Find("e2e-pickup-p50")?.Value, 5, "0.0", "ms")
            with { Note = Find("e2e-pickup-wall-p50")?.Value is { } wall ? Invariant($"start request → handler p50: {wall:0.0} ms") : null });

        var memory = Find("e2e-memory");
        var goal = AtMost($"server memory after {GoalInstances:N0} instances", memory?.Value, 150, "N0", "MB");
        if (memory?.Instances is { } count && count < GoalInstances)
        {
            goal = goal with { Passed = null, Note = Invariant($"measured after {count:N0} instances only (--memory-instances)") };
        }

        goals.Add(goal);
        return goals;
    }

    private static Goal AtLeast(string name, double? value, double target, string format, string unit) =>
        new(name, $"≥ {target.ToString(format, CultureInfo.InvariantCulture)} {unit}", Measured(value, format, unit), value is { } v && !double.IsNaN(v) ? v >= target : null);

    private static Goal AtMost(string name, double? value, double target, string format, string unit) =>
        new(name, $"≤ {target.ToString(format, CultureInfo.InvariantCulture)} {unit}", Measured(value, format, unit), value is { } v && !double.IsNaN(v) ? v <= target : null);

    private static string Measured(double? value, string format, string unit) =>
        value is { } v && !double.IsNaN(v) ? $"{v.ToString(format, CultureInfo.InvariantCulture)} {unit}" : "—";

    private Figure? Find(string id) => _figures.FirstOrDefault(f => f.Id == id && f.Error is null);

    private void FillRatios()
    {
        var raw = Find("raw-50")?.JobsPerSecond;
        foreach (var figure in _figures)
        {
            figure.RatioToRawBatch = raw is > 0 && figure.JobsPerSecond is { } jobs ? jobs / raw : null;
        }
    }

    private static string Value(Figure figure) => figure.Value switch
    {
        null => "—",
        { } v when double.IsNaN(v) => "—",
        { } v when figure.Unit == "ms" => v.ToString("0.0", CultureInfo.InvariantCulture),
        { } v => v.ToString("N0", CultureInfo.InvariantCulture),
    };

    private static string Render(List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var (row, index) in rows.Select((r, i) => (r, i)))
        {
            text.AppendLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
            if (index == 0)
            {
                text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
            }
        }

        return text.ToString();
    }

    private static string? LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
