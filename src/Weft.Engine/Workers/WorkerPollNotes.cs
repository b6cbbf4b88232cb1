using System.Collections.Concurrent;

namespace Weft.Engine.Workers;

/// <summary>
/// What this node last recorded about each worker's polls, so that a poll is recorded only when the store may not
/// know it yet: the worker is new here, its job types changed, or this node's record of it is
/// <see cref="RefreshInterval"/> old. Every other poll writes nothing and takes no lock.
/// </summary>
internal sealed class WorkerPollNotes(TimeProvider time)
{
    /// <summary>How stale a worker's recorded latest poll may get (per node) while it polls for the same job types.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    // Past this many notes, a new worker's note first drops the stale ones (their workers' next polls are recorded anyway).
    private const int MaxNotes = 10_000;

    private readonly ConcurrentDictionary<string, WorkerSighting> _recorded = new(StringComparer.Ordinal);

    /// <summary>The sighting to record for this poll, or null when what this node recorded last still holds.</summary>
    public WorkerSighting? Note(string workerId, IReadOnlyList<string> jobTypes)
    {
        var now = time.UtcNowMillis();
        var types = jobTypes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var sighting = new WorkerSighting(workerId, types, now);
        while (true)
        {
            if (_recorded.TryGetValue(workerId, out var last))
            {
                if (now - last.LastPollAt < RefreshInterval && last.JobTypes.SequenceEqual(types, StringComparer.Ordinal))
                {
                    return null;
                }

                // Of two polls at once, one records; the other finds the new note on its next turn.
                if (_recorded.TryUpdate(workerId, sighting, last))
                {
                    return sighting;
                }
            }
            else if (_recorded.TryAdd(workerId, sighting))
            {
                DropStaleNotes(now);
                return sighting;
            }
        }
    }

    /// <summary>Forgets <paramref name="sighting"/> (recording it failed), so that the worker's next poll is recorded again.</summary>
    public void Forget(WorkerSighting sighting) => _recorded.TryRemove(KeyValuePair.Create(sighting.WorkerId, sighting));

    private void DropStaleNotes(DateTimeOffset now)
    {
        if (_recorded.Count <= MaxNotes)
        {
            return;
        }

        foreach (var note in _recorded)
        {
            if (now - note.Value.LastPollAt >= RefreshInterval)
            {
                _recorded.TryRemove(note);
            }
        }
    }
}
