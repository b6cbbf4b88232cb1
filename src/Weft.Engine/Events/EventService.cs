using Weft.Engine.Storage;

namespace Weft.Engine.Events;

/// <summary>
/// The event table for readers: the live stream's snapshot, reads after a seq, resume checks, subscriptions served by
/// the process's one reader loop, and retention.
/// </summary>
public sealed class EventService : IAsyncDisposable
{
    /// <summary>Most unfinished instances a snapshot lists (newest first); it says when there were more.</summary>
    public const int SnapshotLimit = 1000;

    /// <summary>Most events one read returns.</summary>
    public const int MaxRead = 1000;

    /// <summary>How many events a subscriber may be behind before it is dropped and starts again from a snapshot.</summary>
    public const int DefaultBuffer = 10_000;

    /// <summary>How many events retention deletes per statement.</summary>
    public const int DeleteBatch = 1000;

    private readonly IWeftStore _store;
    private readonly TimeProvider _time;
    private readonly WeftEngineOptions _options;
    private readonly EventHub _hub;

    internal EventService(IWeftStore store, TimeProvider time, WeftEngineOptions options, WeftMetrics metrics)
    {
        _store = store;
        _time = time;
        _options = options;
        Metrics = metrics;
        _hub = new EventHub(store.Events, time);
    }

    public WeftMetrics Metrics { get; }

    /// <summary>How long events are kept (<see cref="WeftEngineOptions.EventRetention"/>).</summary>
    public TimeSpan Retention => _options.EventRetention;

    /// <summary>The reader loop could not read the table (it reads again at the next wake or second).</summary>
    public event Action<Exception>? ReadingFailed
    {
        add => _hub.ReadingFailed += value;
        remove => _hub.ReadingFailed -= value;
    }

    public Task<IReadOnlyList<DomainEvent>> ReadAsync(long afterSeq, EventFilter filter, int max = MaxRead, CancellationToken cancellationToken = default) =>
        _store.Events.ReadAsync(afterSeq, null, filter, Math.Clamp(max, 1, MaxRead), cancellationToken);

    public Task<EventSnapshot> SnapshotAsync(EventFilter filter, CancellationToken cancellationToken = default) =>
        _store.Events.GetSnapshotAsync(filter, SnapshotLimit, cancellationToken);

    public async Task<long> HighWaterAsync(CancellationToken cancellationToken = default) =>
        (await _store.Events.GetBoundsAsync(cancellationToken)).HighWater;

    /// <summary>Whether a reader that saw every event up to <paramref name="lastSeq"/> can go on from there.</summary>
    public async Task<EventResume> CheckResumeAsync(long lastSeq, CancellationToken cancellationToken = default)
    {
        var bounds = await _store.Events.GetBoundsAsync(cancellationToken);
        return lastSeq > bounds.HighWater ? EventResume.BeyondHighWater
            : lastSeq < bounds.PurgedThrough ? EventResume.WindowMissed
            : EventResume.Continue;
    }

    /// <summary>
    /// The events after <paramref name="afterSeq"/> that match <paramref name="filter"/>, as they commit, until the
    /// subscription is disposed or the engine stops.
    /// </summary>
    public Task<EventSubscription> SubscribeAsync(EventFilter filter, long afterSeq, int buffer = DefaultBuffer, CancellationToken cancellationToken = default) =>
        _hub.SubscribeAsync(filter, afterSeq, Math.Max(1, buffer), cancellationToken);

    /// <summary>Deletes the events older than the retention, in batches; returns how many.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken = default)
    {
        var before = _time.GetUtcNow() - _options.EventRetention;
        var total = 0;
        int deleted;
        do
        {
            deleted = await _store.Events.DeleteOlderAsync(before, DeleteBatch, cancellationToken);
            total += deleted;
        }
        while (deleted == DeleteBatch);
        return total;
    }

    /// <summary>What this process committed: counted, and handed to subscribers at once.</summary>
    internal void Committed(IReadOnlyList<DomainEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        Metrics.Count(events);
        _hub.Wake();
    }

    public ValueTask DisposeAsync() => _hub.DisposeAsync();
}
