using Weft.Engine.Storage;

namespace Weft.Engine.Events;

/// <summary>
/// The event table of a store (<see cref="IWeftStore.Events"/>). Events are written only through
/// <see cref="IWeftTransaction.AppendEventsAsync"/>, with the change they describe.
/// </summary>
public interface IEventStore
{
    /// <summary>
    /// Up to <paramref name="max"/> events after <paramref name="afterSeq"/> (and at most <paramref name="upToSeq"/>),
    /// in seq order. Never skips an event that commits later: every event it leaves out has a larger seq than the last
    /// one it returns.
    /// </summary>
    Task<IReadOnlyList<DomainEvent>> ReadAsync(long afterSeq, long? upToSeq, EventFilter filter, int max, CancellationToken cancellationToken = default);

    Task<EventBounds> GetBoundsAsync(CancellationToken cancellationToken = default);

    /// <summary>Counts and the newest <paramref name="maxInstances"/> unfinished instances, as of one moment, with the high-water mark of that moment.</summary>
    Task<EventSnapshot> GetSnapshotAsync(EventFilter filter, int maxInstances, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes up to <paramref name="batch"/> of the oldest events, only those at or below the last one made before
    /// <paramref name="before"/> (so that what is kept is always everything after a seq), and returns how many.
    /// </summary>
    Task<int> DeleteOlderAsync(DateTimeOffset before, int batch, CancellationToken cancellationToken = default);

    Task<StoreCounts> GetCountsAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Yields whenever another process sharing the database may have committed events, until
    /// <paramref name="cancellationToken"/> fires (also once per (re)connection). A store no other process shares yields nothing.
    /// </summary>
    IAsyncEnumerable<string> ListenAsync(CancellationToken cancellationToken);
}
