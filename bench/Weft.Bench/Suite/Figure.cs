namespace Weft.Bench.Suite;

/// <summary>One measured figure: a row of the table and an entry of the JSON result.</summary>
/// <param name="Id">A stable key (e.g. <c>raw-50</c>, <c>e2e-jobs</c>) that goals and ratios refer to.</param>
public sealed record Figure(string Id, string Part, string Name, string Unit)
{
    public double? Value { get; init; }

    /// <summary>The figure as jobs per second, when it is a throughput; its ratio to the raw batch-50 loop is taken from this.</summary>
    public double? JobsPerSecond { get; init; }

    /// <summary>This throughput over the raw loop's, 50 jobs per commit (filled in by the report).</summary>
    public double? RatioToRawBatch { get; set; }

    /// <summary>Durable commits per job (SQLite: commits that wrote to the WAL; PostgreSQL: commit records in the WAL), when counted.</summary>
    public double? CommitsPerJob { get; init; }

    /// <summary>CPU time per job of the process named by <see cref="CpuOf"/>.</summary>
    public double? CpuMsPerJob { get; init; }

    /// <summary>Whose CPU <see cref="CpuMsPerJob"/> is, e.g. "server process" or "bench process (workers included)".</summary>
    public string? CpuOf { get; init; }

    public long? Jobs { get; init; }

    /// <summary>For the memory figure: how many instances the server had completed.</summary>
    public long? Instances { get; init; }

    public double? Seconds { get; init; }

    public string? Note { get; init; }

    /// <summary>Why there is no value: the part failed or could not run.</summary>
    public string? Error { get; init; }

    public static Figure Failed(string id, string part, string name, string unit, Exception error) =>
        new(id, part, name, unit) { Error = OneLine(error) };

    private static string OneLine(Exception error)
    {
        var inner = error;
        while (inner is AggregateException { InnerException: { } next })
        {
            inner = next;
        }

        var text = $"{inner.GetType().Name}: {inner.Message}";
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
