using System.Threading.Channels;

namespace Weft.Engine.Events;

/// <summary>
/// The process's one reader of the event table: it reads what was committed after its position and hands each event
/// to every subscriber whose filter matches, whatever their number. It reads when this process commits events
/// (<see cref="Wake"/>), when another process does (the store's notices), and at least every second.
/// </summary>
internal sealed class EventHub(IEventStore store, TimeProvider time) : IAsyncDisposable
{
    private const int ReadBatch = 1000;
    private static readonly TimeSpan FallbackPoll = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly List<EventSubscription> _subscribers = [];
    private readonly SemaphoreSlim _starting = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private Task _reading = Task.CompletedTask;
    private Task _listening = Task.CompletedTask;
    private bool _started;
    private bool _stopped;

    // The last seq handed to the subscribers; only the reading loop moves it, under _gate.
    private long _position;

    public event Action<Exception>? ReadingFailed;

    public void Wake() => _wake.Writer.TryWrite(true);

    public async Task<EventSubscription> SubscribeAsync(EventFilter filter, long after, int capacity, CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken);
        var subscription = new EventSubscription(filter, capacity, Unregister);
        subscription.CatchingUp = Task.Run(() => CatchUpAsync(subscription, after), CancellationToken.None);
        return subscription;
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
        }

        await _stop.CancelAsync();
        await Task.WhenAll(_reading, _listening);
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.End();
            }

            _subscribers.Clear();
        }
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _started))
        {
            return;
        }

        await _starting.WaitAsync(cancellationToken);
        try
        {
            if (!_started)
            {
                _position = (await store.GetBoundsAsync(cancellationToken)).HighWater;
                _reading = Task.Run(ReadAsync, CancellationToken.None);
                _listening = Task.Run(ListenAsync, CancellationToken.None);
                Volatile.Write(ref _started, true);
            }
        }
        finally
        {
            _starting.Release();
        }
    }

    /// <summary>
    /// Reads what the subscriber missed straight from the table, with its filter, up to the loop's position; then
    /// joins the loop, at a moment when nothing lies between the two.
    /// </summary>
    private async Task CatchUpAsync(EventSubscription subscription, long after)
    {
        try
        {
            while (true)
            {
                long position;
                lock (_gate)
                {
                    position = _position;
                    if (after >= position)
                    {
                        if (_stopped)
                        {
                            subscription.End();
                        }
                        else
                        {
                            subscription.Cursor = after;
                            subscription.Live = true;
                            _subscribers.Add(subscription);
                        }

                        return;
                    }
                }

                var batch = await store.ReadAsync(after, position, subscription.Filter, ReadBatch, subscription.Stopping);
                foreach (var e in batch)
                {
                    await subscription.WriteAsync(e);
                }

                after = batch.Count < ReadBatch ? position : batch[^1].Seq;
            }
        }
        catch (OperationCanceledException) when (subscription.Stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            subscription.End(ex);
        }
    }

    private void Unregister(EventSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscription);
        }
    }

    private async Task ReadAsync()
    {
        var stop = _stop.Token;
        Task<bool>? woken = null;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await DeliverAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                ReadingFailed?.Invoke(ex); // read again at the next wake or poll
            }

            // One wait for a wake stays pending across polls (a wait that timed out would otherwise swallow a wake).
            woken ??= _wake.Reader.WaitToReadAsync(stop).AsTask();
            using var poll = CancellationTokenSource.CreateLinkedTokenSource(stop);
            var delay = Task.Delay(FallbackPoll, time, poll.Token);
            await Task.WhenAny(woken, delay);
            await poll.CancelAsync();
            if (woken.IsCompleted)
            {
                woken = null;
                _wake.Reader.TryRead(out _);
            }
        }
    }

    private async Task DeliverAsync(CancellationToken stop)
    {
        while (true)
        {
            var batch = await store.ReadAsync(Volatile.Read(ref _position), null, EventFilter.All, ReadBatch, stop);
            if (batch.Count == 0)
            {
                return;
            }

            lock (_gate)
            {
                for (var i = _subscribers.Count - 1; i >= 0; i--)
                {
                    var subscriber = _subscribers[i];
                    foreach (var e in batch)
                    {
                        if (e.Seq > subscriber.Cursor && subscriber.Filter.Matches(e) && !subscriber.TryWrite(e))
                        {
                            _subscribers.RemoveAt(i);
                            break;
                        }
                    }
                }

                _position = batch[^1].Seq;
            }

            if (batch.Count < ReadBatch)
            {
                return;
            }
        }
    }

    private async Task ListenAsync()
    {
        var stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await foreach (var _ in store.ListenAsync(stop))
                {
                    Wake();
                }

                return; // a store that no other process shares has nothing to listen to
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                ReadingFailed?.Invoke(ex);
                try
                {
                    await Task.Delay(FallbackPoll, time, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
