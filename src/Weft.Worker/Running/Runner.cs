using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Weft.Worker.Client;
using Weft.Worker.Handlers;

namespace Weft.Worker.Running;

/// <summary>
/// The worker loop: polls for jobs of the registered types, runs each on the thread pool (at most
/// <see cref="RunnerOptions.Parallelism"/> at once), keeps their leases with batched heartbeats, and reports each
/// outcome. It installs no signal handlers: whoever hosts it decides when it stops (a generic host, <c>weft worker</c>,
/// a test) and passes that as tokens to <see cref="RunAsync"/>.
/// </summary>
public sealed class Runner
{
    private readonly WeftClient _client;
    private readonly HandlerRegistry _registry;
    private readonly RunnerOptions _options;
    private readonly ILogger _logger;
    private readonly ReportBatcher _reports;
    private readonly LeaseKeeper _leases;
    private int _inFlight;
    private volatile bool _aborted;

    public Runner(WeftClient client, HandlerRegistry registry, RunnerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(registry);
        options ??= new RunnerOptions();
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException($"Invalid runner options: {string.Join(" ", problems)}", nameof(options));
        }

        _client = client;
        _registry = registry;
        _options = options;
        _logger = options.Logger ?? NullLogger.Instance;
        _reports = new ReportBatcher(client);
        _leases = new LeaseKeeper(client, options, _logger);
    }

    public string WorkerId => _options.WorkerId;

    /// <summary>
    /// Runs until <paramref name="stoppingToken"/> fires, then polls no more and waits for the running jobs to finish
    /// and report (a graceful drain, their leases still kept). If <paramref name="abortToken"/> fires, before or during
    /// the drain, each running job's <see cref="JobContext.ShutdownToken"/> fires, the jobs are not reported, and this
    /// returns without waiting for them: the server hands them out again when their leases end.
    /// </summary>
    public async Task RunAsync(CancellationToken stoppingToken, CancellationToken abortToken = default)
    {
        string[] jobTypes = [.. _registry.JobTypes];
        if (jobTypes.Length == 0)
        {
            throw new InvalidOperationException("Register at least one handler before running the worker.");
        }

        var parallelism = _options.Parallelism;
        var maxPerPoll = Math.Min(parallelism, _options.MaxJobsPerPoll ?? parallelism);

        // Not disposed: after an abort, handlers that are still running release their slot when they end.
        var slots = new SemaphoreSlim(parallelism, parallelism);
        using var stopOrAbort = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, abortToken);
        using var aborting = abortToken.Register(Abort);

        // A short poll is not cancelled on stop: the jobs it may already have claimed are run and drained instead
        // of being stranded until their lease expires. A long poll is cancelled, or stopping would wait for it.
        var pollToken = _options.WaitMs > 0 ? stopOrAbort.Token : abortToken;
        RunnerLog.Started(_logger, WorkerId, jobTypes, parallelism);
        var reporting = _reports.RunAsync(abortToken);
        using var heartbeatsEnd = new CancellationTokenSource();
        var heartbeats = _leases.RunAsync(heartbeatsEnd.Token);

        try
        {
            await PollAsync(jobTypes, maxPerPoll, slots, pollToken, stopOrAbort.Token);
        }
        catch (OperationCanceledException) when (stopOrAbort.IsCancellationRequested)
        {
        }

        if (!_aborted)
        {
            var inFlight = Volatile.Read(ref _inFlight);
            RunnerLog.Draining(_logger, WorkerId, inFlight);
        }

        try
        {
            for (var i = 0; i < parallelism; i++)
            {
                await slots.WaitAsync(abortToken);
            }
        }
        catch (OperationCanceledException) when (abortToken.IsCancellationRequested)
        {
        }

        await heartbeatsEnd.CancelAsync();
        await heartbeats;
        _reports.Complete();
        await reporting;
        RunnerLog.Stopped(_logger, WorkerId);
    }

    private async Task PollAsync(string[] jobTypes, int maxPerPoll, SemaphoreSlim slots, CancellationToken pollToken, CancellationToken stopToken)
    {
        var failedPolls = 0;
        while (!stopToken.IsCancellationRequested)
        {
            await slots.WaitAsync(stopToken);
            var reserved = 1;
            while (reserved < maxPerPoll && slots.Wait(0, CancellationToken.None))
            {
                reserved++;
            }

            IReadOnlyList<ActivatedJob> jobs;
            try
            {
                jobs = await _client.PollJobsAsync(WorkerId, jobTypes, reserved, _options.WaitMs, cancellationToken: pollToken);
                failedPolls = 0;
            }
            catch (Exception exception)
            {
                slots.Release(reserved);
                if (stopToken.IsCancellationRequested)
                {
                    return;
                }

                // Server down, restarting or overloaded: keep the worker alive and try again later.
                var delay = Backoff(++failedPolls);
                RunnerLog.PollFailed(_logger, exception, delay);
                await Task.Delay(delay, _options.TimeProvider, stopToken);
                continue;
            }

            for (var i = 0; i < jobs.Count; i++)
            {
                if (i >= reserved)
                {
                    // The server handed out more than asked; the jobs are ours now, so run them within the bound.
                    await slots.WaitAsync(CancellationToken.None);
                }

                var job = jobs[i];
                Interlocked.Increment(ref _inFlight);
                _ = Task.Run(() => RunJobAsync(job, slots), CancellationToken.None);
            }

            if (jobs.Count < reserved)
            {
                slots.Release(reserved - jobs.Count);
            }

            if (jobs.Count == 0)
            {
                await Task.Delay(_options.PollInterval, _options.TimeProvider, stopToken);
            }
        }
    }

    private void Abort()
    {
        _aborted = true;
        var inFlight = Volatile.Read(ref _inFlight);
        RunnerLog.Aborting(_logger, WorkerId, inFlight);
        foreach (var job in _leases.Jobs)
        {
            job.Abort();
        }
    }

    private async Task RunJobAsync(ActivatedJob job, SemaphoreSlim slots)
    {
        using var running = new InFlightJob(job, _options.TimeProvider.GetUtcNow());
        try
        {
            _leases.Add(running);
            if (_aborted)
            {
                running.Abort();
            }

            RunnerLog.JobStarted(_logger, job.Id, job.JobType, job.InstanceId);
            var outcome = await InvokeHandlerAsync(running);
            _leases.Remove(running);
            if (running.StopReason is { } reason)
            {
                RunnerLog.JobCancelled(_logger, job.Id, job.JobType, reason);
            }
            else if (_aborted)
            {
                RunnerLog.JobAborted(_logger, job.Id, job.JobType);
            }
            else if (!_options.AutoComplete && outcome.Error is null)
            {
                RunnerLog.JobLeftRunning(_logger, job.Id, job.JobType, outcome.Variables?.Count ?? 0);
            }
            else
            {
                await ReportAsync(running, outcome);
            }
        }
        catch (Exception exception)
        {
            RunnerLog.Unexpected(_logger, exception, job.Id);
        }
        finally
        {
            _leases.Remove(running);
            Interlocked.Decrement(ref _inFlight);
            slots.Release();
        }
    }

    private async Task<JobOutcome> InvokeHandlerAsync(InFlightJob running)
    {
        var job = running.Job;
        if (!_registry.TryGetHandler(job.JobType, out var handler))
        {
            return JobOutcome.Failure($"Worker {WorkerId} has no handler for job type '{job.JobType}'.", retryable: true);
        }

        try
        {
            var context = new JobContext(
                job, (percent, message) => ReportProgressAsync(running, percent, message), _options.TimeProvider, running.ShutdownToken, running.CancellationToken);
            var output = await handler(context, running.CancellationToken);
            return JobOutcome.Success(output ?? []);
        }
        catch (NonRetryableException exception)
        {
            return JobOutcome.Failure(exception.Message, retryable: false);
        }
        catch (Exception exception)
        {
            var message = string.IsNullOrWhiteSpace(exception.Message) ? exception.GetType().Name : exception.Message;
            return JobOutcome.Failure(message, retryable: true);
        }
    }

    private async Task ReportProgressAsync(InFlightJob running, double percent, string? message)
    {
        try
        {
            await _client.ReportProgressAsync(running.Job.Id, WorkerId, percent, message, running.ShutdownToken);
        }
        catch (WeftApiException exception) when (exception.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            if (running.Stop(exception.Message))
            {
                RunnerLog.JobStopping(_logger, running.Job.Id, running.Job.JobType, (int)exception.StatusCode, exception.Message);
            }

            throw new OperationCanceledException($"Job {running.Job.Id} is no longer this worker's: {exception.Message}", exception, running.CancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Progress is best effort: a report the server did not get does not fail the job.
            RunnerLog.ProgressFailed(_logger, exception, running.Job.Id);
        }
    }

    private async Task ReportAsync(InFlightJob running, JobOutcome outcome)
    {
        var job = running.Job;
        var report = new JobReport(job.Id, WorkerId, outcome.Variables, outcome.Error, outcome.Error is null ? null : outcome.Retryable);
        for (var attempt = 1; !_aborted; attempt++)
        {
            try
            {
                // Jobs that finish together are reported together (one request), each with its own answer.
                var result = await _reports.SendAsync(report);
                if (result.IsTransient)
                {
                    throw new WeftApiException((HttpStatusCode)result.Status, result.Error, result.Message ?? "The server could not apply the report.");
                }

                if (!result.Succeeded)
                {
                    // 409: the lease was lost or the instance cancelled; 404: the job is gone. Sending again cannot help.
                    running.Stop(result.Message ?? "");
                    RunnerLog.ReportRejected(_logger, job.Id, result.Status, result.Message ?? "");
                }
                else if (outcome.Error is null)
                {
                    RunnerLog.JobCompleted(_logger, job.Id, job.JobType, outcome.Variables?.Count ?? 0);
                }
                else
                {
                    RunnerLog.JobFailed(_logger, job.Id, job.JobType, outcome.Retryable, outcome.Error);
                }

                return;
            }
            catch (Exception exception) when (attempt < _options.ReportAttempts && !_aborted)
            {
                // The server treats a repeated identical completion as a no-op, so resending is safe.
                var delay = Backoff(attempt);
                RunnerLog.ReportRetry(_logger, exception, job.Id, attempt, delay);
                try
                {
                    await Task.Delay(delay, _options.TimeProvider, running.ShutdownToken);
                }
                catch (OperationCanceledException)
                {
                    break; // aborted
                }
            }
            catch (Exception exception) when (!_aborted)
            {
                RunnerLog.ReportGaveUp(_logger, exception, job.Id);
                return;
            }
        }

        RunnerLog.JobAborted(_logger, job.Id, job.JobType);
    }

    private TimeSpan Backoff(int failures)
    {
        var first = _options.PollInterval > TimeSpan.Zero ? _options.PollInterval : TimeSpan.FromMilliseconds(100);
        var delay = first * Math.Pow(2, Math.Min(failures - 1, 16));
        return delay < _options.MaxBackoff ? delay : _options.MaxBackoff;
    }

    private sealed record JobOutcome(JsonObject? Variables, string? Error, bool Retryable)
    {
        public static JobOutcome Success(JsonObject variables) => new(variables, null, false);

        public static JobOutcome Failure(string error, bool retryable) => new(null, error, retryable);
    }
}
