using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Weft.Worker.Client;

namespace Weft.Worker.Running;

/// <summary>
/// Keeps the leases of the running jobs: every <see cref="RunnerOptions.HeartbeatInterval"/> it looks at them, and
/// extends those that end soon with one batched heartbeat (<c>POST /v1/jobs/heartbeat</c>). A job the server answers
/// 404 or 409 for (its instance was cancelled, its lease taken back) is stopped: its handler's token fires.
/// </summary>
internal sealed class LeaseKeeper(WeftClient client, RunnerOptions options, ILogger logger)
{
    private const int MaxBatch = 256;

    private readonly ConcurrentDictionary<InFlightJob, byte> _jobs = new();
    private bool _oneByOne;

    public IEnumerable<InFlightJob> Jobs => _jobs.Keys;

    public void Add(InFlightJob job) => _jobs.TryAdd(job, 0);

    public void Remove(InFlightJob job) => _jobs.TryRemove(job, out _);

    /// <summary>Looks at the leases every interval until <paramref name="stoppingToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.HeartbeatInterval, options.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await BeatAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        var now = options.TimeProvider.GetUtcNow();
        var due = _jobs.Keys.Where(job => job.StopReason is null && job.LeaseEndsSoon(now, 2 * options.HeartbeatInterval)).ToList();
        foreach (var batch in due.Chunk(MaxBatch))
        {
            try
            {
                if (!_oneByOne)
                {
                    try
                    {
                        var results = await client.HeartbeatJobsAsync(
                            [.. batch.Select(job => new JobReport(job.Job.Id, options.WorkerId))], cancellationToken);
                        foreach (var job in batch)
                        {
                            Apply(job, results.FirstOrDefault(r => r.JobId == job.Job.Id), now);
                        }

                        continue;
                    }
                    catch (WeftApiException exception) when (exception.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
                    {
                        _oneByOne = true; // a server without the batch route
                    }
                }

                await Task.WhenAll(batch.Select(job => BeatOneAsync(job, now, cancellationToken)));
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Server down or restarting: the next look tries again, while the leases last.
                RunnerLog.HeartbeatFailed(logger, exception, batch.Length);
            }
        }
    }

    private async Task BeatOneAsync(InFlightJob job, DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        try
        {
            await client.HeartbeatJobAsync(job.Job.Id, options.WorkerId, cancellationToken);
            job.Extended(sentAt);
        }
        catch (WeftApiException exception) when (exception.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            Lost(job, (int)exception.StatusCode, exception.Message);
        }
    }

    private void Apply(InFlightJob job, JobReportResult? result, DateTimeOffset sentAt)
    {
        if (result is null)
        {
            return;
        }

        if (result.Succeeded)
        {
            job.Extended(sentAt);
        }
        else if (result.Status is 404 or 409)
        {
            Lost(job, result.Status, result.Message ?? "");
        }
        else
        {
            RunnerLog.HeartbeatRefused(logger, job.Job.Id, result.Status, result.Message ?? "");
        }
    }

    private void Lost(InFlightJob job, int status, string reason)
    {
        if (job.Stop(reason))
        {
            RunnerLog.JobStopping(logger, job.Job.Id, job.Job.JobType, status, reason);
        }
    }
}
