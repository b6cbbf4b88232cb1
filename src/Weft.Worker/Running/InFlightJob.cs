using Weft.Worker.Client;

namespace Weft.Worker.Running;

/// <summary>A job whose handler is running: its two stop signals and where its lease stands, by the worker's clock.</summary>
internal sealed class InFlightJob : IDisposable
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _cancellation = new();
    private readonly CancellationTokenSource _shutdown = new();
    private DateTimeOffset? _leaseEndsAt;
    private string? _stopReason;

    public InFlightJob(ActivatedJob job, DateTimeOffset receivedAt)
    {
        Job = job;

        // The lease's length by the server's clock; its end by ours, so that clocks that differ do not matter.
        if (job.LockedAt is { } lockedAt && job.LockExpiresAt is { } expiresAt && expiresAt > lockedAt)
        {
            Lease = expiresAt - lockedAt;
            _leaseEndsAt = receivedAt + Lease;
        }
    }

    public ActivatedJob Job { get; }

    /// <summary>How long each lease (the first and each heartbeat's) lasts; null when the server did not say.</summary>
    public TimeSpan? Lease { get; }

    /// <summary>Fires when the server said the job is no longer this worker's.</summary>
    public CancellationToken CancellationToken => _cancellation.Token;

    /// <summary>Fires when the worker is aborted.</summary>
    public CancellationToken ShutdownToken => _shutdown.Token;

    /// <summary>Why the server stopped the job; null while it has not.</summary>
    public string? StopReason
    {
        get
        {
            lock (_gate)
            {
                return _stopReason;
            }
        }
    }

    /// <summary>
    /// Whether the lease should be extended now: it ends within half its length or within
    /// <paramref name="withinAtLeast"/> (always, when its length is unknown).
    /// </summary>
    public bool LeaseEndsSoon(DateTimeOffset now, TimeSpan withinAtLeast)
    {
        lock (_gate)
        {
            if (_leaseEndsAt is not { } endsAt || Lease is not { } lease)
            {
                return true;
            }

            var soon = lease / 2 > withinAtLeast ? lease / 2 : withinAtLeast;
            return endsAt - now <= soon;
        }
    }

    /// <summary>A heartbeat sent at <paramref name="sentAt"/> was taken: the lease now lasts one more length from then.</summary>
    public void Extended(DateTimeOffset sentAt)
    {
        lock (_gate)
        {
            _leaseEndsAt = sentAt + Lease;
        }
    }

    /// <summary>The server said stop: fires <see cref="CancellationToken"/>. False when it had already said so.</summary>
    public bool Stop(string reason)
    {
        lock (_gate)
        {
            if (_stopReason is not null)
            {
                return false;
            }

            _stopReason = reason;
        }

        Fire(_cancellation);
        return true;
    }

    /// <summary>The worker is aborted: fires <see cref="ShutdownToken"/>.</summary>
    public void Abort() => Fire(_shutdown);

    public void Dispose()
    {
        _cancellation.Dispose();
        _shutdown.Dispose();
    }

    // The handler's callbacks and continuations run on the thread pool, not on the heartbeat or report loop that fires.
    private static void Fire(CancellationTokenSource source)
    {
        try
        {
            _ = source.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // The job has ended meanwhile; there is nothing left to stop.
        }
    }
}
