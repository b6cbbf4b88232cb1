using System.Globalization;

namespace Weft.Bench.Suite;

/// <summary>The suite's command line: <c>[--store sqlite|postgres] [--db CONN] [--workers N] [--instances N] …</c>.</summary>
public sealed record BenchOptions
{
    public const string Usage = """
        Weft benchmark suite (docs/benchmarks.md):
          dotnet run -c Release --project bench/Weft.Bench -- [options]

          --store sqlite|postgres   the database of every part (default sqlite)
          --db CONN                 PostgreSQL connection string (default: $WEFT_TEST_POSTGRES); the bench creates
                                    and drops throwaway databases through it, so it needs CREATEDB
          --workers N               concurrent jobs: Hangfire's worker count, Weft's in-process workers and the
                                    Runner's parallelism (default 32)
          --instances N             one-step instances (= jobs) per throughput figure; the 5-step figures use N/5
                                    instances; the raw loop and Hangfire get N jobs each (default 10000)
          --memory-instances N      completed instances before the server's memory is read (default 100000; 0 = skip)
          --pickup-samples N        instances started one at a time for the idle pickup latency (default 200; 0 = skip)
          --runners N               Runners (HTTP workers) sharing the --workers slots end to end (default 1)
          --max-seconds N           cap on each raw-loop and Hangfire measurement, and on Hangfire's enqueueing (default 10)
          --only PARTS              comma list of raw,hangfire,inprocess,e2e (default: all)
          --dir DIR                 where SQLite files go (default: the system temp folder); deleted afterwards
          --out FILE                the JSON result (default bench/results/<store>-<timestamp>.json)

        Other modes:
          -- e2e [instances] [parallelism]       the older end-to-end harness (server and Runner in one process)
          -- --filter '*Flow*'                   BenchmarkDotNet micro-benchmarks (any BenchmarkDotNet option)
        """;

    public static readonly IReadOnlyList<string> AllParts = ["raw", "hangfire", "inprocess", "e2e"];

    public StoreKind Store { get; init; } = StoreKind.Sqlite;

    /// <summary>The PostgreSQL connection string (null for SQLite).</summary>
    public string? Postgres { get; init; }

    public int Workers { get; init; } = 32;

    public int Instances { get; init; } = 10_000;

    public int MemoryInstances { get; init; } = 100_000;

    public int PickupSamples { get; init; } = 200;

    public int Runners { get; init; } = 1;

    public TimeSpan MaxSeconds { get; init; } = TimeSpan.FromSeconds(10);

    public IReadOnlySet<string> Parts { get; init; } = new HashSet<string>(AllParts, StringComparer.Ordinal);

    public string? Directory { get; init; }

    public string? Output { get; init; }

    /// <summary>True when the arguments are BenchmarkDotNet's (e.g. <c>--filter</c>), not the suite's.</summary>
    public static bool IsBenchmarkDotNet(IReadOnlyList<string> args) =>
        args.Any(a => a is "--filter" or "-f" or "--list" or "--info" or "--job" or "-j" || a.StartsWith("--filter=", StringComparison.Ordinal));

    /// <summary>Reads the arguments; throws <see cref="ArgumentException"/> with what is wrong.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        string? db = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            int Count(int min) => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min
                ? n
                : throw new ArgumentException($"{name} takes a whole number of at least {min}.");

            options = name switch
            {
                "--store" => options with { Store = Value() switch
                {
                    "sqlite" => StoreKind.Sqlite,
                    "postgres" => StoreKind.Postgres,
                    var other => throw new ArgumentException($"--store '{other}': use sqlite or postgres."),
                } },
                "--db" => options with { Postgres = db = Value() },
                "--workers" => options with { Workers = Count(1) },
                "--instances" => options with { Instances = Count(10) },
                "--memory-instances" => options with { MemoryInstances = Count(0) },
                "--pickup-samples" => options with { PickupSamples = Count(0) },
                "--runners" => options with { Runners = Count(1) },
                "--max-seconds" => options with { MaxSeconds = TimeSpan.FromSeconds(Count(1)) },
                "--only" => options with { Parts = ParseParts(Value()) },
                "--dir" => options with { Directory = Value() },
                "--out" => options with { Output = Value() },
                _ => throw new ArgumentException($"unknown option '{name}'."),
            };
        }

        if (options.Store == StoreKind.Sqlite)
        {
            return db is null ? options : throw new ArgumentException("--db is the PostgreSQL connection string; it goes with --store postgres.");
        }

        var connection = db ?? Environment.GetEnvironmentVariable("WEFT_TEST_POSTGRES");
        return string.IsNullOrWhiteSpace(connection)
            ? throw new ArgumentException("--store postgres needs a connection string: --db \"Host=127.0.0.1;Port=5432;Username=postgres\" or WEFT_TEST_POSTGRES.")
            : options with { Postgres = connection };
    }

    private static HashSet<string> ParseParts(string value)
    {
        var parts = new HashSet<string>(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.Ordinal);
        var unknown = parts.Except(AllParts).ToList();
        return unknown.Count == 0 && parts.Count > 0
            ? parts
            : throw new ArgumentException($"--only '{value}': name parts from {string.Join(",", AllParts)}.");
    }
}
