using Weft.Worker.Client;
using Weft.Worker.Handlers;
using Weft.Worker.Running;

namespace Weft.Worker.Tests.Fakes;

/// <summary>A <see cref="Runner"/> running against a base address until the test stops it.</summary>
public sealed class WorkerUnderTest : IAsyncDisposable
{
    private readonly WeftClient _client;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _aborting = new();

    public WorkerUnderTest(Uri baseAddress, HandlerRegistry registry, RunnerOptions? options = null)
    {
        Logger = new RecordingLogger();
        options ??= new RunnerOptions();
        options.WorkerId = "w1";
        options.Logger = Logger;
        if (options.PollInterval == new RunnerOptions().PollInterval)
        {
            options.PollInterval = TimeSpan.FromMilliseconds(10);
        }

        options.MaxBackoff = TimeSpan.FromMilliseconds(20);
        _client = new WeftClient(baseAddress);
        Run = new Runner(_client, registry, options).RunAsync(_stopping.Token, _aborting.Token);
    }

    public RecordingLogger Logger { get; }

    public Task Run { get; }

    public void RequestStop() => _stopping.Cancel();

    /// <summary>A second stop signal: running jobs are not waited for, and not reported.</summary>
    public void Abort() => _aborting.Cancel();

    /// <summary>Stops polling and waits for the drain; fails the test if that takes longer than the guard.</summary>
    public async Task StopAsync()
    {
        RequestStop();
        await Run.WaitAsync(Recording<object>.Timeout);
    }

    public async ValueTask DisposeAsync()
    {
        RequestStop();
        try
        {
            await Run.WaitAsync(Recording<object>.Timeout);
        }
        finally
        {
            _client.Dispose();
            _stopping.Dispose();
            _aborting.Dispose();
        }
    }
}
