using System.Threading.Channels;

namespace Weft.Engine.Events;

/// <summary>
/// One reader of new events (<see cref="EventService.SubscribeAsync"/>): first those it missed, read from the table,
/// then what the process's one reader loop hands it, in seq order. Its buffer is bounded: a reader that falls that
/// far behind is dropped (<see cref="Overflowed"/>) and its <see cref="Events"/> end, so that it starts again from a
/// snapshot instead of holding memory without limit.
/// </summary>
public sealed class EventSubscription : IAsyncDisposable
{
    private readonly Channel<DomainEvent> _channel;
    private readonly CancellationTokenSource _stop = new();
    private readonly Action<EventSubscription> _unregister;

    internal EventSubscription(EventFilter filter, int capacity, Action<EventSubscription> unregister)
    {
        Filter = filter;
        _unregister = unregister;
        _channel = Channel.CreateBounded<DomainEvent>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
    }

    public EventFilter Filter { get; }

    /// <summary>The events, in seq order; they end when the subscription overflowed, failed, or the engine stopped.</summary>
    public ChannelReader<DomainEvent> Events => _channel.Reader;

    /// <summary>True once the reader fell more than its buffer behind and was dropped.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>The last seq handed to this subscriber; the loop skips what is not after it.</summary>
    internal long Cursor { get; set; }

    internal CancellationToken Stopping => _stop.Token;

    /// <summary>True once it caught up and the reader loop hands it new events (until then it reads the table itself, at its own pace).</summary>
    internal bool Live { get; set; }

    internal Task CatchingUp { get; set; } = Task.CompletedTask;

    internal ValueTask WriteAsync(DomainEvent e) => _channel.Writer.WriteAsync(e, _stop.Token);

    internal bool TryWrite(DomainEvent e)
    {
        if (!_channel.Writer.TryWrite(e))
        {
            Overflowed = true;
            _channel.Writer.TryComplete();
            return false;
        }

        Cursor = e.Seq;
        return true;
    }

    internal void End(Exception? error = null) => _channel.Writer.TryComplete(error);

    public async ValueTask DisposeAsync()
    {
        _unregister(this);
        await _stop.CancelAsync();
        End();
        try
        {
            await CatchingUp;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
