namespace Weft.Worker.Tests.Fakes;

/// <summary>A thread-safe list that tests can await: "wait until N matching items have arrived".</summary>
public sealed class Recording<T>
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly List<T> _items = [];
    private readonly List<(Func<T, bool> Match, int Count, TaskCompletionSource Done)> _waiters = [];

    public void Add(T item)
    {
        lock (_gate)
        {
            _items.Add(item);
            foreach (var waiter in _waiters.ToList())
            {
                if (_items.Count(waiter.Match) >= waiter.Count)
                {
                    _waiters.Remove(waiter);
                    waiter.Done.TrySetResult();
                }
            }
        }
    }

    public IReadOnlyList<T> Snapshot()
    {
        lock (_gate)
        {
            return [.. _items];
        }
    }

    /// <summary>Completes once <paramref name="count"/> items match; fails the test after <see cref="Timeout"/>.</summary>
    public async Task<IReadOnlyList<T>> WaitForAsync(Func<T, bool> match, int count = 1)
    {
        Task done;
        lock (_gate)
        {
            if (_items.Count(match) >= count)
            {
                return [.. _items.Where(match)];
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, count, waiter));
            done = waiter.Task;
        }

        await done.WaitAsync(Timeout);
        return [.. Snapshot().Where(match)];
    }
}
