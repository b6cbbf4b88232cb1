namespace Weft.Testing;

/// <summary>
/// A clock that only moves when a test calls <see cref="Advance"/>. Timers created through it
/// (including <c>Task.Delay(span, provider)</c> and <c>PeriodicTimer</c>) fire during <see cref="Advance"/>,
/// so tests never sleep to wait for a timer.
/// </summary>
public sealed class FakeTimeProvider(DateTimeOffset? start = null) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<FakeTimer> _timers = [];
    private DateTimeOffset _now = start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <summary>How many timers are waiting to fire: a test can tell that code under test has started waiting.</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count;
            }
        }
    }

    /// <summary>Whether a timer is waiting to fire at exactly <paramref name="at"/>.</summary>
    public bool HasTimerDueAt(DateTimeOffset at)
    {
        lock (_gate)
        {
            return _timers.Any(t => t.DueAt == at);
        }
    }

    /// <summary>
    /// Waits (in real time, up to <paramref name="patience"/>) until code under test has set a timer due at
    /// <paramref name="at"/>: the moment to <see cref="Advance"/> past it.
    /// </summary>
    public async Task WaitForTimerDueAtAsync(DateTimeOffset at, TimeSpan patience)
    {
        using var deadline = new CancellationTokenSource(patience);
        while (!HasTimerDueAt(at))
        {
            await Task.Delay(10, deadline.Token);
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + by;
        }

        // Fire timers in due order, moving the clock to each due time so callbacks see a consistent "now".
        while (true)
        {
            FakeTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.DueAt <= target).MinBy(t => t.DueAt);
                if (next is null)
                {
                    _now = target;
                    return;
                }

                if (next.DueAt > _now)
                {
                    _now = next.DueAt;
                }

                next.Reschedule();
            }

            next.Fire();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                owner._timers.Remove(this);
                _period = period;
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    return true;
                }

                DueAt = owner._now + dueTime;
                owner._timers.Add(this);
                return true;
            }
        }

        // Called under the owner's lock, before the callback runs.
        public void Reschedule()
        {
            owner._timers.Remove(this);
            if (_period != Timeout.InfiniteTimeSpan && _period > TimeSpan.Zero)
            {
                DueAt += _period;
                owner._timers.Add(this);
            }
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
