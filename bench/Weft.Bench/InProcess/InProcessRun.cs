using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Weft.Bench.Measuring;
using Weft.Bench.Suite;
using Weft.Engine;
using Weft.Engine.Definitions;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;
using Weft.Server.Hosting;

namespace Weft.Bench.InProcess;

/// <summary>
/// Weft in-process: the engine over the store, no HTTP. The engine and store are the server's own (built by
/// <see cref="WeftServer.Build"/> from the same <c>--db</c> value, so a PostgreSQL store is picked up as soon as the
/// server can make one), without starting the web host. Instances are started up front; then <c>workers</c> loops
/// each poll for one job (long poll) and complete it, until all are done.
/// </summary>
public static class InProcessRun
{
    private const int StartConcurrency = 256;

    // Each worker handles one job at a time, like a Hangfire worker, so it polls once per job. (A Runner polls for
    // all of its free slots at once.)
    private const int JobsPerPoll = 1;

    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchContext context, string database, CommitCounter? commits)
    {
        var options = context.Options;
        var figures = new List<Figure>();
        var app = WeftServer.Build(new WeftServerOptions { Database = database, Urls = "http://127.0.0.1:0" });
        await using (app)
        {
            var engine = app.Services.GetRequiredService<WeftEngine>();
            await engine.Store.MigrateAsync();
            await engine.Definitions.DeployAsync(DefinitionParser.Parse(BenchDefinitions.Json("inproc-1", "inproc-1", 1)));
            await engine.Definitions.DeployAsync(DefinitionParser.Parse(BenchDefinitions.Json("inproc-5", "inproc-5", 5)));

            // Warm-up (JIT, caches): instances through the same path, not measured.
            await WarmUp.RunAsync(async () =>
            {
                await StartAsync(engine, "inproc-1", Math.Min(500, options.Instances));
                await WorkAsync(engine, "inproc-1", Math.Min(500, options.Instances), options.Workers);
            });

            var instances = options.Instances;
            var startSeconds = await StartAsync(engine, "inproc-1", instances);
            var one = await MeasureAsync(engine, "inproc-1", instances, options.Workers, commits);
            figures.Add(new Figure("inproc-jobs", "weft in-process", "1-step instances (poll + complete)", "jobs/s")
            {
                Value = one.Jobs / one.Seconds,
                JobsPerSecond = one.Jobs / one.Seconds,
                Jobs = one.Jobs,
                Seconds = one.Seconds,
                CommitsPerJob = one.CommitsPerJob,
                CpuMsPerJob = one.CpuMsPerJob,
                CpuOf = "bench process (engine and workers)",
                Note = $"{options.Workers} workers, {JobsPerPoll} job per poll; started {instances:N0} up front at {instances / startSeconds:N0}/s",
            });

            var five = Math.Max(1, instances / 5);
            await StartAsync(engine, "inproc-5", five);
            var run = await MeasureAsync(engine, "inproc-5", five * 5, options.Workers, commits);
            figures.Add(new Figure("inproc-5step", "weft in-process", "5-step instances", "instances/s")
            {
                Value = five / run.Seconds,
                JobsPerSecond = run.Jobs / run.Seconds,
                Jobs = run.Jobs,
                Seconds = run.Seconds,
                CommitsPerJob = run.CommitsPerJob,
                CpuMsPerJob = run.CpuMsPerJob,
                CpuOf = "bench process (engine and workers)",
                Note = $"{five:N0} instances = {run.Jobs:N0} jobs ({run.Jobs / run.Seconds:N0} jobs/s)",
            });
        }

        return figures;
    }

    private static async Task<double> StartAsync(WeftEngine engine, string definitionId, int count)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = StartConcurrency }, async (i, token) =>
            await engine.Instances.StartAsync(new StartInstanceCommand(definitionId, new JsonObject { ["n"] = i }), token));
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task<Run> MeasureAsync(WeftEngine engine, string jobType, int jobs, int workers, CommitCounter? commits)
    {
        var countCommits = commits is null ? null : await commits.StartAsync();
        var cpuBefore = ProcessStats.CurrentCpu();
        var clock = Stopwatch.StartNew();
        await WorkAsync(engine, jobType, jobs, workers);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = ProcessStats.MsPerJob(cpuBefore, ProcessStats.CurrentCpu(), jobs);
        var commitCount = countCommits is null ? null : await countCommits();
        return new Run(jobs, seconds, CommitCounter.PerJob(commitCount, jobs), cpu);
    }

    /// <summary>Runs <paramref name="workers"/> poll-and-complete loops until <paramref name="jobs"/> jobs are completed.</summary>
    private static async Task WorkAsync(WeftEngine engine, string jobType, int jobs, int workers)
    {
        using var allDone = new CancellationTokenSource();
        var completed = 0;
        string[] types = [jobType];

        async Task WorkerAsync(string workerId)
        {
            while (!allDone.IsCancellationRequested)
            {
                IReadOnlyList<ClaimedJob> claimed;
                try
                {
                    claimed = await engine.Jobs.PollAsync(new PollCommand(workerId, types, MaxJobs: JobsPerPoll, WaitMs: 1000), allDone.Token);
                }
                catch (OperationCanceledException) when (allDone.IsCancellationRequested)
                {
                    return;
                }

                foreach (var job in claimed)
                {
                    await engine.Jobs.CompleteAsync(job.Job.Id, workerId, null);
                }

                if (Interlocked.Add(ref completed, claimed.Count) >= jobs)
                {
                    await allDone.CancelAsync();
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, workers).Select(i => Task.Run(() => WorkerAsync($"inproc-{i}"))));
    }

    private sealed record Run(long Jobs, double Seconds, double? CommitsPerJob, double? CpuMsPerJob);
}
