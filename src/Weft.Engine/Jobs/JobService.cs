using System.Text.Json.Nodes;
using Weft.Engine.Advancing;
using Weft.Engine.Events;
using Weft.Engine.Instances;
using Weft.Engine.Storage;
using Weft.Engine.Variables;
using Weft.Engine.Workers;

namespace Weft.Engine.Jobs;

/// <summary>The worker side of the engine: poll, complete, fail, heartbeat, progress, and taking back expired leases.</summary>
public sealed class JobService
{
    public const int MaxWorkerIdLength = 256;

    /// <summary>Most job types one poll may name.</summary>
    public const int MaxJobTypesPerPoll = 256;

    /// <summary>The range of a poll's <c>leaseSeconds</c> (Rochallor's).</summary>
    public const int MinLeaseSeconds = 5;

    public const int MaxLeaseSeconds = 3600;

    /// <summary>How many progress reports the history keeps per attempt: the newest.</summary>
    public const int MaxProgressReportsPerAttempt = 100;

    private readonly IWeftStore _store;
    private readonly InstanceRuntime _runtime;
    private readonly JobAvailability _availability;
    private readonly TimeProvider _time;
    private readonly WeftEngineOptions _options;
    private readonly WorkerService _workers;
    private readonly WeftMetrics _metrics;

    // Leases are watched from this moment: one that ran out while no server was running gets one more lease
    // duration from here, so that its worker, which may have finished meanwhile, can still report.
    private readonly DateTimeOffset _watchingSince;

    internal JobService(
        IWeftStore store, InstanceRuntime runtime, JobAvailability availability, WorkerService workers, TimeProvider time, WeftEngineOptions options, WeftMetrics metrics)
    {
        _metrics = metrics;
        _watchingSince = time.UtcNowMillis();
        _store = store;
        _runtime = runtime;
        _availability = availability;
        _time = time;
        _options = options;
        _workers = workers;
    }

    /// <summary>Locks up to <see cref="PollCommand.MaxJobs"/> ready jobs for the worker, waiting up to <see cref="PollCommand.Wait"/> for some.</summary>
    public async Task<IReadOnlyList<ClaimedJob>> PollAsync(PollCommand command, CancellationToken cancellationToken = default)
    {
        CheckWorkerId(command.WorkerId);
        CheckJobTypes(command.JobTypes);
        if (command.MaxJobs < 1)
        {
            throw WeftException.Invalid($"maxJobs is {command.MaxJobs}; ask for at least 1 job.");
        }

        if (command.WaitMs < 0)
        {
            throw WeftException.Invalid($"waitMs is {command.WaitMs}; it must be 0 (answer at once) or more.");
        }

        if (command.LeaseSeconds is < MinLeaseSeconds or > MaxLeaseSeconds)
        {
            throw WeftException.Invalid($"leaseSeconds is {command.LeaseSeconds}; it must be between {MinLeaseSeconds} and {MaxLeaseSeconds}, or left out for the step's lease.");
        }

        _workers.NotePoll(command.WorkerId, command.JobTypes);

        // The stores claim per named type: a type named twice would offer its oldest jobs twice and fill maxJobs with repeats.
        var jobTypes = command.JobTypes.Distinct(StringComparer.Ordinal).ToList();
        var lease = command.LeaseSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;

        var maxJobs = (int)Math.Min(command.MaxJobs, _options.MaxJobsPerPoll);
        var wait = command.WaitMs >= _options.MaxPollWait.TotalMilliseconds ? _options.MaxPollWait : TimeSpan.FromMilliseconds(command.WaitMs);
        var deadline = _time.GetTimestamp() + (long)(wait.TotalSeconds * _time.TimestampFrequency);
        while (true)
        {
            var notice = _availability.NextNotice(jobTypes);
            var started = _time.GetTimestamp();
            var claimed = await ClaimAsync(command.WorkerId, jobTypes, maxJobs, lease, cancellationToken);
            _metrics.RecordPoll(_time.GetElapsedTime(started));
            var remaining = _time.GetElapsedTime(_time.GetTimestamp(), deadline);
            if (claimed.Count > 0 || remaining <= TimeSpan.Zero)
            {
                return claimed;
            }

            try
            {
                // A retry whose backoff ends, or a lease taken back on another node, sends no notice: look again now and then.
                var recheck = _options.LongPollRecheck;
                await notice.WaitAsync(remaining < recheck ? remaining : recheck, _time, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Look again.
            }
        }
    }

    public async Task CompleteAsync(string jobId, string workerId, JsonObject? variables, CancellationToken cancellationToken = default)
    {
        CheckWorkerId(workerId);
        var output = variables ?? [];
        VariableDocument.EnsureWithinLimit(output, _options.MaxVariablesBytes, "The completion's variables");
        var completionHash = VariableDocument.Hash(output);

        await _runtime.ChangeAsync(async session =>
        {
            var job = await session.Transaction.GetJobAsync(jobId) ?? throw JobNotFound(jobId);
            if (job.Status == JobStatus.Completed && job.WorkerId == workerId && job.CompletionHash == completionHash)
            {
                return; // The same completion again (a retried request): already applied.
            }

            await EnsureHeldAsync(session, job, workerId, "complete", cancellationToken, takenBackStillCounts: true);
            var state = await LoadJobAsync(session, job, cancellationToken);
            EnsureHeldBy(state.Jobs.Find(job.Id)!, workerId, "complete", takenBackStillCounts: true);
            VariableDocument.EnsureWithinLimit(
                VariableDocument.Merge(state.Variables, output), _options.MaxVariablesBytes, "The instance's variables after this completion");
            await session.ApplyAsync(state, new Trigger.JobCompleted(job.Id, output, completionHash), cancellationToken);
        }, cancellationToken);
    }

    public async Task FailAsync(string jobId, string workerId, string? errorMessage, bool retryable, CancellationToken cancellationToken = default)
    {
        CheckWorkerId(workerId);
        var reason = string.IsNullOrWhiteSpace(errorMessage) ? "The worker reported a failure without a message." : FreeText.Shorten(errorMessage);
        await _runtime.ChangeAsync(async session =>
        {
            var job = await session.Transaction.GetJobAsync(jobId) ?? throw JobNotFound(jobId);
            await EnsureHeldAsync(session, job, workerId, "fail", cancellationToken);
            var state = await LoadJobAsync(session, job, cancellationToken);
            EnsureHeldBy(state.Jobs.Find(job.Id)!, workerId, "fail");
            await session.ApplyAsync(state, new Trigger.JobFailed(job.Id, reason, retryable), cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Extends the worker's lease by the claim's lease and returns the new expiry.</summary>
    public Task<DateTimeOffset> HeartbeatAsync(string jobId, string workerId, CancellationToken cancellationToken = default)
    {
        CheckWorkerId(workerId);
        return _runtime.ChangeAsync(async session =>
        {
            var job = await session.Transaction.GetJobAsync(jobId) ?? throw JobNotFound(jobId);
            await EnsureHeldAsync(session, job, workerId, "heartbeat", cancellationToken);
            var expiresAt = _time.UtcNowMillis() + job.ActiveLease;
            await UpdateJobOrConflictAsync(session.Transaction, job with { LockExpiresAt = expiresAt }, job);
            return expiresAt;
        }, cancellationToken);
    }

    /// <summary>
    /// Records how far the worker holding the job is: the job's latest progress, and one more report in the history
    /// of its attempt. The lease is not extended (that is what a heartbeat is for).
    /// </summary>
    /// <param name="percent">From 0 to 100.</param>
    /// <param name="message">Optional; cut at <see cref="FreeText.MaxLength"/> characters.</param>
    public Task ReportProgressAsync(string jobId, string workerId, double? percent, string? message, CancellationToken cancellationToken = default)
    {
        CheckWorkerId(workerId);
        var reported = percent switch
        {
            null => throw WeftException.Invalid("percent is required: a number from 0 to 100 that says how far the job is."),
            { } value when value is >= 0 and <= 100 => value,
            _ => throw WeftException.Invalid($"percent is {percent}; it must be a number from 0 to 100."), // NaN fails every comparison, so it lands here too
        };
        var text = message is null ? null : FreeText.Shorten(message);
        return _runtime.ChangeAsync(async session =>
        {
            var job = await session.Transaction.GetJobAsync(jobId) ?? throw JobNotFound(jobId);
            await EnsureHeldAsync(session, job, workerId, "report progress on", cancellationToken);
            var progress = new JobProgress(reported, text, _time.UtcNowMillis());
            await UpdateJobOrConflictAsync(session.Transaction, job with { Progress = progress }, job);
            await session.Transaction.AddProgressReportAsync(
                new ProgressReport(job.Id, job.InstanceId, job.StepExecutionId, progress), MaxProgressReportsPerAttempt);
            await session.RecordAsync([EventsOf.Progress(job, progress)]);
        }, cancellationToken);
    }

    /// <summary>The job as it is now, with its latest progress.</summary>
    public async Task<Job> GetAsync(string jobId, CancellationToken cancellationToken = default) =>
        await _store.GetJobAsync(jobId, cancellationToken) ?? throw JobNotFound(jobId);

    /// <summary>
    /// Takes back jobs whose worker let the lease run out. Each expiry counts as a failed attempt: the job is
    /// retried while retries remain, otherwise the instance fails. Each job is taken back in its own transaction,
    /// and one that cannot be is reported in the result without stopping the others.
    /// </summary>
    public async Task<SweepResult> ExpireLeasesAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.UtcNowMillis();
        var expired = await _store.FindExpiredLeasesAsync(now, _watchingSince, limit: 500, cancellationToken);
        return await SweepResult.OfAsync(expired.Select(j => (j.Id, TakeBackAsync(j, cancellationToken))));
    }

    private Task<bool> TakeBackAsync(Job candidate, CancellationToken cancellationToken) =>
        _runtime.ChangeAsync(async session =>
        {
            var state = await session.LoadAsync(candidate.InstanceId, cancellationToken)
                ?? throw InstanceService.InstanceNotFound(candidate.InstanceId);
            if (state.Jobs.Find(candidate.Id) is not { Status: JobStatus.Locked } job
                || job.LockToken != candidate.LockToken || job.LockExpiresAt != candidate.LockExpiresAt)
            {
                return false; // Completed, failed or extended since it was found.
            }

            var reason = $"The lease of worker '{job.WorkerId}' expired at {job.LockExpiresAt:O} before it completed the job.";
            await session.ApplyAsync(state, new Trigger.JobFailed(job.Id, reason, Retryable: true, LeaseExpired: true), cancellationToken);
            return true;
        }, cancellationToken);

    private async Task<IReadOnlyList<ClaimedJob>> ClaimAsync(
        string workerId, IReadOnlyList<string> jobTypes, int maxJobs, TimeSpan? lease, CancellationToken cancellationToken)
    {
        // A plain read first: a poll that would find nothing never joins the writer's queue, nor takes a write lock.
        if (!await _store.AnyJobReadyAsync(jobTypes, _time.UtcNowMillis(), cancellationToken))
        {
            return [];
        }

        return await _runtime.ChangeAsync<IReadOnlyList<ClaimedJob>>(async session =>
        {
            var now = _time.UtcNowMillis();
            var jobs = await session.Transaction.ClaimJobsAsync(workerId, jobTypes, maxJobs, now, lease);
            if (jobs.Count == 0)
            {
                return [];
            }

            await session.RecordAsync(EventsOf.Claimed(jobs, now));

            var variables = await session.Transaction.GetVariablesAsync(jobs.Select(j => j.InstanceId).Distinct().ToList());
            return jobs.Select(j => new ClaimedJob(j, variables[j.InstanceId])).ToList();
        }, cancellationToken);
    }

    private static async Task<InstanceState> LoadJobAsync(AdvanceSession session, Job job, CancellationToken cancellationToken)
    {
        var state = await session.LoadAsync(job.InstanceId, cancellationToken) ?? throw InstanceService.InstanceNotFound(job.InstanceId);
        if (state.Jobs.Find(job.Id) is null)
        {
            throw WeftException.Conflict($"Job '{job.Id}' was finished by someone else at the same moment; nothing was applied.");
        }

        return state;
    }

    private static async Task UpdateJobOrConflictAsync(IWeftTransaction transaction, Job updated, Job read)
    {
        if (!await transaction.TryUpdateJobAsync(updated, read.Status, read.LockToken))
        {
            throw WeftException.Conflict($"Job '{read.Id}' was changed by someone else at the same moment; nothing was applied. Poll for work again.");
        }
    }

    /// <summary>
    /// <see cref="EnsureHeldBy"/>, and for a job that was cancelled with its instance, an answer that says so: the
    /// worker should stop the work, not retry.
    /// </summary>
    private static async Task EnsureHeldAsync(
        AdvanceSession session, Job job, string workerId, string action, CancellationToken cancellationToken, bool takenBackStillCounts = false)
    {
        if (job.Status == JobStatus.Cancelled
            && await session.LoadAsync(job.InstanceId, cancellationToken) is { Instance.Status: InstanceStatus.Cancelled })
        {
            throw WeftException.Conflict(
                $"Job '{job.Id}' was cancelled because its instance '{job.InstanceId}' was cancelled ({job.LastError}); stop the work: nothing more is taken for this job.");
        }

        EnsureHeldBy(job, workerId, action, takenBackStillCounts);
    }

    /// <summary>
    /// Only the worker that holds a job may act on it. A lease that has run out still counts until another worker
    /// takes the job: the holder's answer is good work, and refusing it would only make the job run twice. With
    /// <paramref name="takenBackStillCounts"/> (completions), that holds even after the sweeper took the job back,
    /// as long as nobody has claimed it since.
    /// </summary>
    private static void EnsureHeldBy(Job job, string workerId, string action, bool takenBackStillCounts = false)
    {
        var problem = job.Status switch
        {
            JobStatus.Completed => $"Job '{job.Id}' is already completed; it cannot {action} any more.",
            JobStatus.Failed => $"Job '{job.Id}' has already failed; it cannot {action} any more.",
            JobStatus.Cancelled => $"Job '{job.Id}' was cancelled ({job.LastError}); drop the work.",
            JobStatus.Unlocked when takenBackStillCounts && job.WorkerId == workerId => null,
            JobStatus.Unlocked => $"Job '{job.Id}' is not locked by worker '{workerId}': its lease was lost or it was never polled. Poll for work again.",
            _ when job.WorkerId != workerId => $"Job '{job.Id}' is held by worker '{job.WorkerId}', not '{workerId}'. Only the worker holding the lease may {action} it.",
            _ => null,
        };
        if (problem is not null)
        {
            throw WeftException.Conflict(problem);
        }
    }

    private static void CheckJobTypes(IReadOnlyList<string> jobTypes)
    {
        if (jobTypes is not { Count: > 0 })
        {
            throw WeftException.Invalid("jobTypes must list at least one job type, e.g. [\"send-email\"]: the step ids or jobType values this worker handles.");
        }

        if (jobTypes.Count > MaxJobTypesPerPoll)
        {
            throw WeftException.Invalid($"jobTypes lists {jobTypes.Count:N0} job types; one poll may name at most {MaxJobTypesPerPoll}. Split them over several workers or polls.");
        }

        for (var i = 0; i < jobTypes.Count; i++)
        {
            if (JobTypeRule.Check(jobTypes[i]) is { } problem)
            {
                throw WeftException.Invalid($"jobTypes[{i}] {problem}.");
            }
        }
    }

    private static void CheckWorkerId(string workerId)
    {
        if (string.IsNullOrWhiteSpace(workerId))
        {
            throw WeftException.Invalid("workerId is required: give each worker a stable name so its leases can be told apart.");
        }

        if (workerId.Length > MaxWorkerIdLength)
        {
            throw WeftException.Invalid($"workerId is {workerId.Length} characters long; the limit is {MaxWorkerIdLength}.");
        }
    }

    private static WeftException JobNotFound(string id) =>
        WeftException.NotFound($"Job '{id}' does not exist. Use the job id that /v1/jobs/poll returned.");
}
