using System.Threading.Channels;
using Weft.Engine.Definitions;
using Weft.Engine.Events;
using Weft.Engine.Jobs;
using Weft.Engine.Storage;

namespace Weft.Engine.Advancing;

/// <summary>
/// Runs state changes with group commit: changes that arrive together share one transaction and one commit (one
/// fsync instead of one each), each between a savepoint and its release, so that one that fails is rolled back alone
/// and the others still commit. A caller is answered only once its change is durable. After the commit, workers
/// waiting for the jobs the batch made ready are woken. A change that read a job which a poll changed meanwhile runs
/// again (a few times), from the start. The store says how many writers take batches at once (<see cref="IWeftStore.Writers"/>).
/// </summary>
internal sealed class InstanceRuntime : IAsyncDisposable
{
    /// <summary>The most changes one transaction takes; more wait for the next.</summary>
    public const int MaxBatch = 256;

    // How often a change that lost a race (a job changed under it; on a server database, a deadlock or an instance
    // held by another transaction) runs again before its caller gets a conflict.
    private const int Attempts = 10;

    private readonly IWeftStore _store;
    private readonly DefinitionService _definitions;
    private readonly InstanceAdvancer _advancer;
    private readonly JobAvailability _availability;
    private readonly TimeProvider _time;
    private readonly Action<IReadOnlyList<DomainEvent>> _committed;
    private readonly Channel<Change> _queue;
    private readonly int _writerCount;
    private readonly Task[] _writers;

    public InstanceRuntime(IWeftStore store, DefinitionService definitions, InstanceAdvancer advancer, JobAvailability availability, TimeProvider time,
        Action<IReadOnlyList<DomainEvent>>? committed = null)
    {
        _committed = committed ?? (_ => { });
        _store = store;
        _definitions = definitions;
        _advancer = advancer;
        _availability = availability;
        _time = time;
        _writerCount = Math.Max(1, store.Writers);
        _queue = Channel.CreateUnbounded<Change>(new UnboundedChannelOptions { SingleReader = _writerCount == 1 });
        _writers = [.. Enumerable.Range(0, _writerCount).Select(_ => Task.Run(WriteAsync))];
    }

    public Task<T> ChangeAsync<T>(Func<AdvanceSession, Task<T>> change, CancellationToken cancellationToken)
    {
        var work = new Change<T>(change, cancellationToken);
        if (!_queue.Writer.TryWrite(work))
        {
            throw new ObjectDisposedException(nameof(InstanceRuntime), "The engine is shutting down; the change was not applied.");
        }

        return work.Answer;
    }

    public Task ChangeAsync(Func<AdvanceSession, Task> change, CancellationToken cancellationToken) =>
        ChangeAsync(async session =>
        {
            await change(session);
            return true;
        }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }

    /// <summary>
    /// Takes the changes that are waiting and commits them together, batch after batch: all of them (up to
    /// <see cref="MaxBatch"/>) when it is the only writer, else its share, so that a burst keeps every writer busy.
    /// Changes that lost a race lead the writer's next batch: the first change of a transaction is the one a store
    /// lets wait for a lock (see <see cref="IWeftStore.IsTransientFailure"/>), so each round gets at least one through.
    /// </summary>
    private async Task WriteAsync()
    {
        var batch = new List<Change>(MaxBatch);
        IReadOnlyList<Change> again = [];
        while (again.Count > 0 || await _queue.Reader.WaitToReadAsync())
        {
            batch.AddRange(again);
            var share = _writerCount == 1 ? MaxBatch : Math.Clamp((_queue.Reader.Count + _writerCount - 1) / _writerCount, 1, MaxBatch);
            while (batch.Count < share && _queue.Reader.TryRead(out var change))
            {
                batch.Add(change);
            }

            again = await CommitAsync(batch);
            batch.Clear();
        }
    }

    /// <summary>Applies <paramref name="batch"/> in one transaction and answers each change. Returns the changes to run again.</summary>
    internal async Task<IReadOnlyList<Change>> CommitAsync(IReadOnlyList<Change> batch)
    {
        var applied = new List<(Change Change, object? Result)>(batch.Count);
        var again = new List<Change>();
        var ready = new List<(string JobType, DateTimeOffset RunAt)>();
        var events = new List<DomainEvent>();
        try
        {
            await using var transaction = await _store.BeginAsync();
            foreach (var change in batch)
            {
                if (change.CancellationToken.IsCancellationRequested)
                {
                    change.Cancel();
                    continue;
                }

                await transaction.SavepointAsync();
                var session = new AdvanceSession(transaction, _definitions, _advancer, _time);
                try
                {
                    var result = await change.RunAsync(session);
                    await session.SaveAsync();
                    if (session.ReadyJobs.Count > 0)
                    {
                        await transaction.NotifyJobsReadyAsync(session.ReadyJobs.Select(j => j.JobType).Distinct(StringComparer.Ordinal).ToList());
                    }

                    await transaction.ReleaseSavepointAsync();
                    applied.Add((change, result));
                    ready.AddRange(session.ReadyJobs);
                    events.AddRange(session.Events);
                }
                catch (Exception ex)
                {
                    await transaction.RollbackToSavepointAsync();
                    if (ex is not JobChangedException && !_store.IsTransientFailure(ex))
                    {
                        change.Fail(ex);
                    }
                    else if (++change.Attempts < Attempts)
                    {
                        again.Add(change); // it lost a race (a poll changed a job it read, a deadlock): run it again on fresh state
                    }
                    else
                    {
                        change.Fail(WeftException.Conflict("The data this request changes kept changing under it; nothing was applied. Try again."));
                    }
                }
            }

            await transaction.CommitAsync();
        }
        catch (Exception ex)
        {
            // The transaction did not commit: none of the changes is durable. Changes already answered keep their answer.
            foreach (var change in batch)
            {
                change.Fail(ex);
            }

            return [];
        }

        foreach (var (change, result) in applied)
        {
            change.Succeed(result);
        }

        _availability.Notify(ready);
        _committed(events);
        return again;
    }

    /// <summary>One change waiting for the writer, and the caller waiting for its answer.</summary>
    internal abstract class Change(CancellationToken cancellationToken)
    {
        public CancellationToken CancellationToken { get; } = cancellationToken;

        public int Attempts { get; set; }

        public abstract Task<object?> RunAsync(AdvanceSession session);

        public abstract void Succeed(object? result);

        public abstract void Fail(Exception error);

        public abstract void Cancel();
    }

    private sealed class Change<T>(Func<AdvanceSession, Task<T>> change, CancellationToken cancellationToken) : Change(cancellationToken)
    {
        private readonly TaskCompletionSource<T> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Answer => _answer.Task;

        public override async Task<object?> RunAsync(AdvanceSession session) => await change(session);

        public override void Succeed(object? result) => _answer.TrySetResult((T)result!);

        public override void Fail(Exception error) => _answer.TrySetException(error);

        public override void Cancel() => _answer.TrySetCanceled(CancellationToken);
    }
}
