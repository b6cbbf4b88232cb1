using System.Collections.Concurrent;

namespace Weft.Engine.Jobs;

/// <summary>
/// Wakes long-polling workers in this process as soon as a job of one of their types may be claimable: after the
/// commit that made it ready, when its backoff ends, or when another process announces it.
/// </summary>
public sealed class JobAvailability(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _next = new(StringComparer.Ordinal);

    /// <summary>
    /// A task that completes at the next notice for any of <paramref name="jobTypes"/>. Take it before looking for
    /// work, so that a notice sent while looking is not missed.
    /// </summary>
    public Task NextNotice(IReadOnlyCollection<string> jobTypes) =>
        jobTypes.Count == 1 ? Next(jobTypes.First()).Task : Task.WhenAny(jobTypes.Select(t => Next(t).Task));

    /// <summary>Wakes the waiters for <paramref name="jobType"/>; <see cref="Storage.IWeftStore.AnyJobType"/> wakes them all.</summary>
    public void Notify(string jobType)
    {
        if (jobType == Storage.IWeftStore.AnyJobType)
        {
            foreach (var type in _next.Keys)
            {
                Notify(type);
            }
        }
        else if (_next.TryRemove(jobType, out var waiting))
        {
            waiting.TrySetResult();
        }
    }

    /// <summary>Notifies now for jobs ready now, and at their run-at for jobs waiting for a backoff.</summary>
    public void Notify(IEnumerable<(string JobType, DateTimeOffset RunAt)> jobs)
    {
        var now = time.GetUtcNow();
        foreach (var (jobType, runAt) in jobs)
        {
            if (runAt <= now)
            {
                Notify(jobType);
            }
            else
            {
                // A one-shot timer per delayed job; it disposes itself when it has fired.
                ITimer? timer = null;
                timer = time.CreateTimer(_ => { Notify(jobType); timer?.Dispose(); }, null, runAt - now, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private TaskCompletionSource Next(string jobType) =>
        _next.GetOrAdd(jobType, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
