using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Npgsql;
using Weft.Engine.Storage;

namespace Weft.Storage.Postgres;

/// <summary>
/// The one connection of a store that listens for job-ready notices (and event notices, <see cref="EventNotices"/>), opened when the first listener subscribes and
/// kept until the store is disposed. Each notice goes to every current subscriber. A lost connection is opened again
/// after a short backoff; since notices sent while it was away are lost, every (re)connection wakes all waiters.
/// </summary>
internal sealed class ReadyJobListener : IAsyncDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);

    private readonly string _connectionString;
    private readonly Lock _gate = new();
    private readonly List<(string Topic, Channel<string> Subscriber)> _subscribers = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _listening;

    public ReadyJobListener(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        if (builder.KeepAlive == 0)
        {
            builder.KeepAlive = 15; // a connection that died silently is found out while waiting, not never
        }

        _connectionString = builder.ConnectionString;
    }

    /// <summary>The payloads of the notices of <paramref name="topic"/>, as they come, until cancelled or the listener is disposed.</summary>
    /// <param name="topic">The notices wanted: <see cref="JobNotices.Channel"/> (job types) or <see cref="EventNotices.Channel"/>.</param>
    public async IAsyncEnumerable<string> NoticesAsync(string topic, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Subscribe(topic);
        try
        {
            while (true)
            {
                try
                {
                    if (!await channel.Reader.WaitToReadAsync(cancellationToken))
                    {
                        yield break; // the listener was disposed
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    yield break;
                }

                while (channel.Reader.TryRead(out var payload))
                {
                    yield return payload;
                }
            }
        }
        finally
        {
            Unsubscribe(channel);
        }
    }

    private Channel<string> Subscribe(string topic)
    {
        // A listener that does not read for a while loses the oldest notices, never the newest.
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
            _subscribers.Add((topic, channel));
            _listening ??= Task.Run(() => ListenAsync(_stop.Token));
        }

        return channel;
    }

    private void Unsubscribe(Channel<string> channel)
    {
        lock (_gate)
        {
            _subscribers.RemoveAll(s => s.Subscriber == channel);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task? listening;
        lock (_gate)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            _stop.Cancel();
            listening = _listening;
            foreach (var (_, subscriber) in _subscribers)
            {
                subscriber.Writer.TryComplete();
            }

            _subscribers.Clear();
        }

        if (listening is not null)
        {
            await listening;
        }

        _stop.Dispose();
    }

    private async Task ListenAsync(CancellationToken stop)
    {
        var retry = FirstRetry;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_connectionString);
                connection.Notification += (_, notice) => Publish(notice.Channel, notice.Payload);
                await connection.OpenAsync(stop);
                await using (var listen = new NpgsqlCommand($"LISTEN {JobNotices.Channel}; LISTEN {EventNotices.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stop);
                }

                retry = FirstRetry;

                // Notices sent while this connection was not listening are lost: have every waiting worker look again.
                Publish(JobNotices.Channel, IWeftStore.AnyJobType);
                Publish(EventNotices.Channel, "");
                while (true)
                {
                    await connection.WaitAsync(stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // Lost, refused or never opened, for whatever reason: the listener must outlive it, so try again below.
            }

            try
            {
                await Task.Delay(retry, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
        }
    }

    private void Publish(string topic, string payload)
    {
        IReadOnlyList<string> items = topic == JobNotices.Channel ? JobNotices.JobTypes(payload) : [payload];
        lock (_gate)
        {
            foreach (var (wanted, subscriber) in _subscribers)
            {
                if (wanted != topic)
                {
                    continue;
                }

                foreach (var jobType in items)
                {
                    subscriber.Writer.TryWrite(jobType);
                }
            }
        }
    }
}
