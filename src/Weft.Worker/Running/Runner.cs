using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Weft.Worker.Client;
using Weft.Worker.Handlers;

namespace Weft.Worker.Running;

/// <summary>
/// The worker loop: polls for jobs of the registered types, runs each on the thread pool (at most
/// <see cref="RunnerOptions.Parallelism"/> at once), and reports the outcome. On stop it polls no more and waits
/// for the running jobs to finish and report.
/// </summary>
public sealed class Runner
{
    private readonly WeftClient _client;
    private readonly HandlerRegistry _registry;
    private readonly RunnerOptions _options;
    private readonly ILogger _logger;
    private readonly ReportBatcher _reports;
    private int _inFlight;

    public Runner(WeftClient client, HandlerRegistry registry, RunnerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(registry);
        options ??= new RunnerOptions();
        ArgumentException.ThrowIfNullOrWhiteSpace(options.WorkerId, "options.WorkerId");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Parallelism, 1, "options.Parallelism");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxJobsPerPoll ?? 1, 1, "options.MaxJobsPerPoll");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PollInterval, TimeSpan.Zero, "options.PollInterval");
        ArgumentOutOfRangeException.ThrowIfNegative(options.WaitMs, "options.WaitMs");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.LeaseHeartbeat ?? TimeSpan.MaxValue, TimeSpan.Zero, "options.LeaseHeartbeat");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ReportAttempts, 1, "options.ReportAttempts");

        _client = client;
        _registry = registry;
        _options = options;
        _logger = options.Logger ?? NullLogger.Instance;
        _reports = new ReportBatcher(client);
    }

    public string WorkerId => _options.WorkerId;

    /// <summary>Runs until Ctrl-C (SIGINT) or SIGTERM, then drains. A second signal ends the process at once.</summary>
    public async Task RunAsync()
    {
        using var stopping = new CancellationTokenSource();

        void OnSignal(PosixSignalContext context)
        {
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            context.Cancel = true;
            stopping.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        await RunAsync(stopping.Token);
    }

    /// <summary>Runs until <paramref name="stoppingToken"/> fires, then waits for running jobs to finish and report.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        string[] jobTypes = [.. _registry.JobTypes];
        if (jobTypes.Length == 0)
        {
            throw new InvalidOperationException("Register at least one handler before running the worker.");
        }

        var parallelism = _options.Parallelism;
        var maxPerPoll = Math.Min(parallelism, _options.MaxJobsPerPoll ?? parallelism);
        using var slots = new SemaphoreSlim(parallelism, parallelism);

        // A short poll is not cancelled on stop: the jobs it may already have claimed are run and drained instead
        // of being stranded until their lease expires. A long poll is cancelled, or stopping would wait for it.
        var pollToken = _options.WaitMs > 0 ? stoppingToken : CancellationToken.None;
        RunnerLog.Started(_logger, WorkerId, jobTypes, parallelism);
        var reporting = _reports.RunAsync();

        try
        {
            var failedPolls = 0;
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken);
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
                    if (stoppingToken.IsCancellationRequested)
                    {
                        break;
                    }

                    // Server down, restarting or overloaded: keep the worker alive and try again later.
                    var delay = Backoff(++failedPolls);
                    RunnerLog.PollFailed(_logger, exception, delay);
                    await Task.Delay(delay, _options.TimeProvider, stoppingToken);
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
                    await Task.Delay(_options.PollInterval, _options.TimeProvider, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        var inFlight = Volatile.Read(ref _inFlight);
        RunnerLog.Draining(_logger, WorkerId, inFlight);
        for (var i = 0; i < parallelism; i++)
        {
            await slots.WaitAsync(CancellationToken.None);
        }

        _reports.Complete();
        await reporting;
        RunnerLog.Stopped(_logger, WorkerId);
    }

    private async Task RunJobAsync(ActivatedJob job, SemaphoreSlim slots)
    {
        try
        {
            using var lease = new CancellationTokenSource();
            using var handlerDone = new CancellationTokenSource();
            var heartbeat = _options.LeaseHeartbeat is { } interval
                ? HeartbeatAsync(job, interval, lease, handlerDone.Token)
                : Task.CompletedTask;

            JobOutcome outcome;
            try
            {
                outcome = await InvokeHandlerAsync(job, lease.Token);
            }
            finally
            {
                await handlerDone.CancelAsync();
                await heartbeat;
            }

            await ReportAsync(job, outcome);
        }
        catch (Exception exception)
        {
            RunnerLog.Unexpected(_logger, exception, job.Id);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            slots.Release();
        }
    }

    private async Task<JobOutcome> InvokeHandlerAsync(ActivatedJob job, CancellationToken leaseToken)
    {
        if (!_registry.TryGetHandler(job.JobType, out var handler))
        {
            return JobOutcome.Failure($"Worker {WorkerId} has no handler for job type '{job.JobType}'.", retryable: true);
        }

        try
        {
            var output = await handler(new JobContext(job, leaseToken), leaseToken);
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

    private async Task ReportAsync(ActivatedJob job, JobOutcome outcome)
    {
        var report = new JobReport(job.Id, WorkerId, outcome.Variables, outcome.Error, outcome.Error is null ? null : outcome.Retryable);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Jobs that finish together are reported together (one request), each with its own answer.
                var result = await _reports.SendAsync(report);
                if (result.IsTransient)
                {
                    throw new WeftApiException((System.Net.HttpStatusCode)result.Status, result.Error, result.Message ?? "The server could not apply the report.");
                }

                if (!result.Succeeded)
                {
                    // 409: the lease expired and the job went to someone else; 404: it is gone. Sending again cannot help.
                    RunnerLog.ReportRejected(_logger, job.Id, result.Status, result.Message ?? "");
                }
                else if (outcome.Error is null)
                {
                    RunnerLog.JobCompleted(_logger, job.Id, job.JobType);
                }
                else
                {
                    RunnerLog.JobFailed(_logger, job.Id, job.JobType, outcome.Retryable, outcome.Error);
                }

                return;
            }
            catch (Exception exception) when (attempt < _options.ReportAttempts)
            {
                // The server treats a repeated identical completion as a no-op, so resending is safe.
                var delay = Backoff(attempt);
                RunnerLog.ReportRetry(_logger, exception, job.Id, attempt, delay);
                await Task.Delay(delay, _options.TimeProvider);
            }
            catch (Exception exception)
            {
                RunnerLog.ReportGaveUp(_logger, exception, job.Id);
                return;
            }
        }
    }

    private async Task HeartbeatAsync(ActivatedJob job, TimeSpan interval, CancellationTokenSource lease, CancellationToken handlerDone)
    {
        using var timer = new PeriodicTimer(interval, _options.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(handlerDone))
            {
                try
                {
                    await _client.HeartbeatJobAsync(job.Id, WorkerId, handlerDone);
                }
                catch (WeftApiException exception) when (!exception.IsTransient)
                {
                    RunnerLog.LeaseLost(_logger, job.Id, (int)exception.StatusCode);
                    await lease.CancelAsync();
                    return;
                }
                catch (Exception exception) when (!handlerDone.IsCancellationRequested)
                {
                    RunnerLog.HeartbeatFailed(_logger, exception, job.Id);
                }
            }
        }
        catch (OperationCanceledException) when (handlerDone.IsCancellationRequested)
        {
        }
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
