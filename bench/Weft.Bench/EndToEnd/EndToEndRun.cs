using System.Diagnostics;
using System.Text.Json.Nodes;
using Weft.Bench.Measuring;
using Weft.Bench.Suite;
using Weft.Worker.Client;
using Weft.Worker.Handlers;
using Weft.Worker.Running;

namespace Weft.Bench.EndToEnd;

/// <summary>
/// Weft end to end: <c>weft server</c> as a child process on the run's database, instances started over HTTP, and
/// real Runners in this process completing jobs over HTTP. In order: a warm-up, the idle pickup latency, jobs/s of
/// one-step instances, instances/s of five-step instances, and the server's memory once the total of completed
/// instances reaches <c>--memory-instances</c>.
/// </summary>
public static class EndToEndRun
{
    private const string Part = "weft e2e";
    private const int StartConcurrency = 32;
    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(60);

    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchContext context, string database, CommitCounter? commits)
    {
        var options = context.Options;
        var figures = new List<Figure>();
        await using var server = await ServerProcess.StartAsync(database);
        using var client = new WeftClient(server.Address);
        foreach (var (id, steps) in new[] { ("e2e-warm", 1), ("e2e-pickup", 1), ("e2e-1", 1), ("e2e-5", 5), ("e2e-mem", 1) })
        {
            await client.UploadDefinitionAsync(BenchDefinitions.Json(id, id, steps));
        }

        var warm = Math.Min(500, options.Instances);
        var completed = (long)warm * await WarmUp.RunAsync(async () =>
        {
            await StartManyAsync(client, "e2e-warm", warm);
            await ProcessAsync(server, "e2e-warm", warm, 1, options);
        });

        if (options.PickupSamples > 0)
        {
            figures.AddRange(await PickupAsync(server, client, options.PickupSamples));
            completed += options.PickupSamples;
        }

        var instances = options.Instances;
        var startCpu = server.Cpu;
        var startSeconds = await StartManyAsync(client, "e2e-1", instances);
        var startCpuMs = ProcessStats.MsPerJob(startCpu, server.Cpu, instances);
        var one = await MeasureAsync(server, "e2e-1", instances, 1, options, commits);
        completed += instances;
        figures.Add(new Figure("e2e-jobs", Part, "1-step instances, Runner over HTTP", "jobs/s")
        {
            Value = one.Jobs / one.Seconds,
            JobsPerSecond = one.Jobs / one.Seconds,
            Jobs = one.Jobs,
            Seconds = one.Seconds,
            CommitsPerJob = one.CommitsPerJob,
            CpuMsPerJob = one.CpuMsPerJob,
            CpuOf = "server process only",
            Note = $"{options.Runners} Runner(s), {options.Workers} slots; started {instances:N0} up front over HTTP at {instances / startSeconds:N0}/s "
                + $"({StartConcurrency} concurrent requests, {startCpuMs:0.000} server CPU ms/instance, not in this row's CPU)",
        });

        var five = Math.Max(1, instances / 5);
        await StartManyAsync(client, "e2e-5", five);
        var run = await MeasureAsync(server, "e2e-5", five, 5, options, commits);
        completed += five;
        figures.Add(new Figure("e2e-5step", Part, "5-step instances, Runner over HTTP", "instances/s")
        {
            Value = five / run.Seconds,
            JobsPerSecond = run.Jobs / run.Seconds,
            Jobs = run.Jobs,
            Seconds = run.Seconds,
            CommitsPerJob = run.CommitsPerJob,
            CpuMsPerJob = run.CpuMsPerJob,
            CpuOf = "server process only",
            Note = $"{five:N0} instances = {run.Jobs:N0} jobs ({run.Jobs / run.Seconds:N0} jobs/s)",
        });

        if (options.MemoryInstances > 0)
        {
            var more = (int)Math.Max(0, options.MemoryInstances - completed);
            var clock = Stopwatch.StartNew();
            if (more > 0)
            {
                var starting = StartManyAsync(client, "e2e-mem", more);
                await ProcessAsync(server, "e2e-mem", more, 1, options);
                await starting;
                completed += more;
            }

            var memory = server.Memory;
            figures.Add(new Figure("e2e-memory", Part, $"server memory after {completed:N0} completed instances", "MB")
            {
                Value = memory?.Rss / 1e6,
                Instances = completed,
                Note = memory is { } m
                    ? $"VmRSS of the server process; peak (VmHWM) {m.Peak / 1e6:N0} MB; the last {more:N0} started and run together in {clock.Elapsed.TotalSeconds:0.0} s"
                    : null,
                Error = memory is null ? "/proc/PID/status cannot be read on this OS" : null,
            });
        }

        return figures;
    }

    /// <summary>Starts <paramref name="count"/> instances over HTTP, <see cref="StartConcurrency"/> requests at a time; returns the seconds taken.</summary>
    private static async Task<double> StartManyAsync(WeftClient client, string definitionId, int count)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = StartConcurrency }, async (i, token) =>
            await client.StartInstanceAsync(definitionId, new JsonObject { ["n"] = i }, cancellationToken: token));
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task<Run> MeasureAsync(ServerProcess server, string definitionId, int instances, int steps, BenchOptions options, CommitCounter? commits)
    {
        var countCommits = commits is null ? null : await commits.StartAsync();
        var cpuBefore = server.Cpu;
        var seconds = await ProcessAsync(server, definitionId, instances, steps, options);
        var cpuAfter = server.Cpu;
        var jobs = (long)instances * steps;
        var commitCount = countCommits is null ? null : await countCommits();
        return new Run(jobs, seconds, CommitCounter.PerJob(commitCount, jobs), ProcessStats.MsPerJob(cpuBefore, cpuAfter, jobs));
    }

    /// <summary>
    /// Runs Runners on the job type <paramref name="definitionId"/> until the server reports <paramref name="instances"/>
    /// more of its instances completed; returns the seconds from the Runners' start.
    /// </summary>
    private static async Task<double> ProcessAsync(ServerProcess server, string definitionId, int instances, int steps, BenchOptions options)
    {
        using var client = new WeftClient(server.Address);
        var already = (await client.ListInstancesAsync(definitionId, InstanceStatus.Completed, pageSize: 1)).Total;
        var handled = 0L;
        var registry = new HandlerRegistry().Register(definitionId, _ =>
        {
            Interlocked.Increment(ref handled);
            return null;
        });

        var slots = (options.Workers + options.Runners - 1) / options.Runners;
        var clients = Enumerable.Range(0, options.Runners).Select(_ => new WeftClient(server.Address)).ToList();
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var running = clients.Select((c, i) => new Runner(c, registry, new RunnerOptions
        {
            WorkerId = $"bench-{definitionId}-{i}",
            Parallelism = slots,
            PollInterval = TimeSpan.FromMilliseconds(10),
            WaitMs = 1000,
        }).RunAsync(stop.Token)).ToList();

        try
        {
            var target = (long)instances * steps;
            var last = 0L;
            var lastChange = Stopwatch.StartNew();
            while (true)
            {
                var now = Interlocked.Read(ref handled);
                if (now >= target
                    && (await client.ListInstancesAsync(definitionId, InstanceStatus.Completed, pageSize: 1)).Total - already >= instances)
                {
                    return clock.Elapsed.TotalSeconds;
                }

                if (now != last)
                {
                    (last, lastChange) = (now, Stopwatch.StartNew());
                }
                else if (lastChange.Elapsed > StallLimit)
                {
                    throw new TimeoutException($"No {definitionId} job ran for {StallLimit.TotalSeconds:0} s ({now:N0} of {target:N0} handled).");
                }

                await Task.Delay(now >= target ? 2 : 10);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(running);
            clients.ForEach(c => c.Dispose());
        }
    }

    /// <summary>
    /// One instance at a time, with a long-polling Runner (one slot) waiting: from the start request to the handler
    /// (this process's clock), and the job's lockedAt − createdAt (the server's clock, whole milliseconds).
    /// </summary>
    private static async Task<IReadOnlyList<Figure>> PickupAsync(ServerProcess server, WeftClient client, int samples)
    {
        TaskCompletionSource<(long At, DateTimeOffset? Created, DateTimeOffset? Locked)>? seen = null;
        var registry = new HandlerRegistry().Register("e2e-pickup", job =>
        {
            seen?.TrySetResult((Stopwatch.GetTimestamp(), job.Job.CreatedAt, job.Job.LockedAt));
            return null;
        });
        using var workerClient = new WeftClient(server.Address);
        using var stop = new CancellationTokenSource();
        var runner = new Runner(workerClient, registry, new RunnerOptions
        {
            WorkerId = "bench-pickup",
            Parallelism = 1,
            PollInterval = TimeSpan.Zero,
            WaitMs = 30_000,
        }).RunAsync(stop.Token);

        var wall = new List<double>(samples);
        var stamps = new List<double>(samples);
        try
        {
            await Task.Delay(200); // the Runner is in its long poll
            for (var i = 0; i < samples; i++)
            {
                var current = seen = new(TaskCreationOptions.RunContinuationsAsynchronously);
                var sent = Stopwatch.GetTimestamp();
                await client.StartInstanceAsync("e2e-pickup");
                var (at, created, locked) = await current.Task.WaitAsync(TimeSpan.FromSeconds(30));
                wall.Add(Stopwatch.GetElapsedTime(sent, at).TotalMilliseconds);
                if (created is { } c && locked is { } l)
                {
                    stamps.Add((l - c).TotalMilliseconds);
                }

                await Task.Delay(30); // let the Runner report and wait in its long poll again
            }
        }
        finally
        {
            await stop.CancelAsync();
            await runner;
        }

        const string server1 = "idle pickup {0} (job lockedAt − createdAt)";
        const string wall1 = "idle pickup {0} (start request → handler)";
        var note = $"{samples} instances one at a time; long-polling Runner, 1 slot";
        return
        [
            new Figure("e2e-pickup-p50", Part, string.Format(null, server1, "p50"), "ms") { Value = Percentiles.Of(stamps, 50), Note = note + "; server clock, whole ms" },
            new Figure("e2e-pickup-p99", Part, string.Format(null, server1, "p99"), "ms") { Value = Percentiles.Of(stamps, 99) },
            new Figure("e2e-pickup-wall-p50", Part, string.Format(null, wall1, "p50"), "ms") { Value = Percentiles.Of(wall, 50), Note = "includes the start's own commit and both HTTP requests" },
            new Figure("e2e-pickup-wall-p99", Part, string.Format(null, wall1, "p99"), "ms") { Value = Percentiles.Of(wall, 99) },
        ];
    }

    private sealed record Run(long Jobs, double Seconds, double? CommitsPerJob, double? CpuMsPerJob);
}
