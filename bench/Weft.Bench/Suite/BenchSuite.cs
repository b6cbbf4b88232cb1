using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using Weft.Bench.EndToEnd;
using Weft.Bench.InProcess;
using Weft.Bench.Measuring;
using Weft.Bench.Peer;
using Weft.Bench.Raw;

namespace Weft.Bench.Suite;

/// <summary>Runs the parts of the benchmark on one database kind, then prints the table and writes the JSON.</summary>
public static class BenchSuite
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var report = new BenchReport(options);
        Console.WriteLine(report.Header());
        await using (var context = new BenchContext(options))
        {
            if (options.Parts.Contains("raw"))
            {
                await RunPartAsync(report, "limit", "raw SQL loop", () => RawAsync(context));
            }

            if (options.Parts.Contains("hangfire"))
            {
                await RunPartAsync(report, "hangfire", $"Hangfire ({context.StoreName})", async () => [await HangfireOnStoreAsync(context)]);
                await RunPartAsync(report, "hangfire", "Hangfire (InMemory)", async () =>
                [
                    await HangfireRun.RunAsync(
                        "hangfire-memory", "Hangfire (InMemory), reference", new InMemoryStorage(), options.Instances, options.Workers, options.MaxSeconds, null),
                ]);
            }

            if (options.Parts.Contains("inprocess"))
            {
                await RunPartAsync(report, "weft in-process", "Weft in-process", async () =>
                {
                    var database = await context.NewDatabaseAsync("inprocess");
                    return await InProcessRun.RunAsync(context, database, await context.CommitCounterAsync(database));
                });
            }

            if (options.Parts.Contains("e2e"))
            {
                await RunPartAsync(report, "weft e2e", "Weft end to end", async () =>
                {
                    var database = await context.NewDatabaseAsync("e2e");
                    return await EndToEndRun.RunAsync(context, database, await context.CommitCounterAsync(database));
                });
            }
        }

        Console.WriteLine();
        Console.WriteLine(report.Table());
        Console.WriteLine(report.GoalTable());
        var path = await report.WriteJsonAsync();
        Console.WriteLine($"JSON: {path}");
        return 0;
    }

    private static async Task<IReadOnlyList<Figure>> RawAsync(BenchContext context)
    {
        var options = context.Options;
        var loops = Environment.ProcessorCount * 2;
        var figures = new List<Figure>();
        foreach (var (id, batch) in new[] { ("raw-1", 1), ("raw-50", 50) })
        {
            figures.Add(context.Store == StoreKind.Sqlite
                ? await RawSqliteLoop.RunAsync(id, context.NewSqliteFile(id), options.Instances, batch, options.MaxSeconds)
                : await RawPostgresLoop.RunAsync(
                    id, await context.NewPostgresDatabaseAsync(id.Replace('-', '_')), options.Instances, batch, loops, options.MaxSeconds,
                    await context.CommitCounterAsync("")));
        }

        return figures;
    }

    private static async Task<Figure> HangfireOnStoreAsync(BenchContext context)
    {
        var options = context.Options;
        if (context.Store == StoreKind.Sqlite)
        {
            var path = context.NewSqliteFile("hangfire");
            var storage = new SQLiteStorage(path, new SQLiteStorageOptions
            {
                JournalMode = SQLiteStorageOptions.JournalModes.WAL,
                QueuePollInterval = TimeSpan.FromMilliseconds(100),
            });
            return await HangfireRun.RunAsync(
                "hangfire-store", "Hangfire (Hangfire.Storage.SQLite)", storage, options.Instances, options.Workers, options.MaxSeconds,
                new SqliteCommitCounter(path), "journal_mode=WAL, QueuePollInterval 100 ms");
        }

        var connection = await context.NewPostgresDatabaseAsync("hangfire");
        var pgOptions = new PostgreSqlStorageOptions { QueuePollInterval = TimeSpan.FromMilliseconds(100), PrepareSchemaIfNecessary = true };
        var pgStorage = new PostgreSqlStorage(new NpgsqlConnectionFactory(connection, pgOptions), pgOptions);
        return await HangfireRun.RunAsync(
            "hangfire-store", "Hangfire (Hangfire.PostgreSql)", pgStorage, options.Instances, options.Workers, options.MaxSeconds,
            await context.CommitCounterAsync(connection), "QueuePollInterval 100 ms");
    }

    /// <summary>Runs one part; a part that fails is reported as a row with its error, and the others still run.</summary>
    private static async Task RunPartAsync(BenchReport report, string part, string name, Func<Task<IReadOnlyList<Figure>>> run)
    {
        Console.WriteLine($"… {name}");
        try
        {
            foreach (var figure in await run())
            {
                report.Add(figure);
                Console.WriteLine($"    {BenchReport.Line(figure)}");
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var failed = Figure.Failed($"{part}-failed", part, name, "", ex);
            report.Add(failed);
            Console.WriteLine($"    {name}: FAILED: {failed.Error}");
        }
    }
}
