using System.Diagnostics;
using Hangfire;
using Weft.Bench.Measuring;
using Weft.Bench.Suite;

namespace Weft.Bench.Peer;

/// <summary>
/// Hangfire, the peer a .NET team would otherwise pick: enqueue no-op jobs first (not measured; stops at the time
/// cap), then start a BackgroundJobServer with the same worker count and measure jobs/s from its start until every
/// enqueued job has run (or the time cap).
/// </summary>
public static class HangfireRun
{
    public static async Task<Figure> RunAsync(
        string id, string name, JobStorage storage, int jobs, int workers, TimeSpan cap, CommitCounter? commits, string? note = null)
    {
        var client = new BackgroundJobClient(storage);
        var enqueueClock = Stopwatch.StartNew();
        var next = 0;
        var enqueued = 0;
        var enqueuers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            while (enqueueClock.Elapsed < cap && Interlocked.Increment(ref next) <= jobs)
            {
                client.Enqueue(() => NoOpJob.Run());
                Interlocked.Increment(ref enqueued);
            }
        }));
        await Task.WhenAll(enqueuers);
        var enqueueSeconds = enqueueClock.Elapsed.TotalSeconds;

        NoOpJob.Reset();
        var countCommits = commits is null ? null : await commits.StartAsync();
        var cpuBefore = ProcessStats.CurrentCpu();
        var clock = Stopwatch.StartNew();
        long done;
        double seconds;
        using (var server = new BackgroundJobServer(
                   new BackgroundJobServerOptions { WorkerCount = workers, ServerName = $"bench-{id}", ShutdownTimeout = TimeSpan.FromSeconds(5) },
                   storage))
        {
            while (NoOpJob.Runs < enqueued && clock.Elapsed < cap)
            {
                await Task.Delay(5);
            }

            done = NoOpJob.Runs;
            seconds = clock.Elapsed.TotalSeconds;
            server.SendStop();
        }

        var cpu = ProcessStats.MsPerJob(cpuBefore, ProcessStats.CurrentCpu(), done);
        var commitCount = countCommits is null ? null : await countCommits();
        var notes = new List<string> { $"enqueued {enqueued:N0} in {enqueueSeconds:0.0} s ({enqueued / enqueueSeconds:N0}/s, not in the figure)" };
        if (done < enqueued)
        {
            notes.Add($"stopped by the {cap.TotalSeconds:0} s cap after {done:N0} jobs");
        }

        if (note is not null)
        {
            notes.Add(note);
        }

        return new Figure(id, "hangfire", name, "jobs/s")
        {
            Value = done / seconds,
            JobsPerSecond = done / seconds,
            Jobs = done,
            Seconds = seconds,
            CommitsPerJob = CommitCounter.PerJob(commitCount, done),
            CpuMsPerJob = cpu,
            CpuOf = "bench process (Hangfire server and workers)",
            Note = string.Join("; ", notes),
        };
    }
}
