using Weft.Engine.Storage;

namespace Weft.Engine.Workers;

/// <summary>
/// The workers seen polling, on any node. A poll is recorded in the background (it never waits for the write), and
/// only when the store may not know it yet (see <see cref="WorkerPollNotes"/>): at most once per worker every
/// <see cref="WorkerPollNotes.RefreshInterval"/> on each node, unless its job types change. Each record is a plain
/// upsert in a transaction of its own, outside the group-committing writer, so that it never holds up a batch.
/// </summary>
public sealed class WorkerService
{
    /// <summary>A worker is listed while its latest poll is at most this old.</summary>
    public static readonly TimeSpan SeenWithin = TimeSpan.FromHours(1);

    private readonly IWeftStore _store;
    private readonly TimeProvider _time;
    private readonly WorkerPollNotes _notes;
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _recording = [];

    internal WorkerService(IWeftStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
        _notes = new WorkerPollNotes(time);
    }

    /// <summary>Raised with the worker id when recording a poll failed (the poll itself was answered); the worker's next poll tries again.</summary>
    public event Action<string, Exception>? RecordingFailed;

    /// <summary>The workers whose latest poll is at most <see cref="SeenWithin"/> old, sorted by id.</summary>
    public async Task<IReadOnlyList<SeenWorker>> ListAsync(CancellationToken cancellationToken = default) =>
        (await _store.ListWorkersAsync(_time.UtcNowMillis() - SeenWithin, cancellationToken))
            .OrderBy(w => w.WorkerId, StringComparer.Ordinal)
            .ToList();

    /// <summary>Waits until the polls being recorded are written (or have failed).</summary>
    public Task FlushAsync()
    {
        lock (_gate)
        {
            return Task.WhenAll([.. _recording]);
        }
    }

    /// <summary>Records the poll in the background when the store may not know it yet; returns at once.</summary>
    internal void NotePoll(string workerId, IReadOnlyList<string> jobTypes)
    {
        if (_notes.Note(workerId, jobTypes) is not { } sighting)
        {
            return;
        }

        var recording = Task.Run(() => RecordAsync(sighting));
        lock (_gate)
        {
            _recording.Add(recording);
        }

        recording.ContinueWith(
            done =>
            {
                lock (_gate)
                {
                    _recording.Remove(done);
                }
            },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task RecordAsync(WorkerSighting sighting)
    {
        try
        {
            await using var transaction = await _store.BeginAsync();
            await transaction.RecordWorkerPollAsync(sighting, sighting.LastPollAt - SeenWithin);
            await transaction.CommitAsync();
        }
        catch (Exception ex)
        {
            _notes.Forget(sighting);
            RecordingFailed?.Invoke(sighting.WorkerId, ex);
        }
    }
}
