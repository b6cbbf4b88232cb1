using Weft.Server.Tests.Support;
using Weft.Testing;
using Weft.Worker.Handlers;
using Weft.Worker.Running;

namespace Weft.Server.Tests.Scenarios;

/// <summary>
/// One scenario's world: the real server on a fake clock, the REST API over HTTP, and real workers (the SDK's
/// <see cref="Runner"/>) polling it. The background sweeper is kept out of the way unless a test asks for it: it
/// ticks once a day of the fake clock (the longest interval the server takes), so within a day timers fire and
/// leases expire only when the test says so; a test that moves the clock by days checks effects, not counts.
/// </summary>
public sealed class Scenario : IAsyncDisposable
{
    private readonly List<(CancellationTokenSource Stop, Task Running)> _workers = [];

    private Scenario(WeftTestServer server, FakeTimeProvider time)
    {
        Server = server;
        Time = time;
        Api = new WeftApi(server.Http);
    }

    public WeftTestServer Server { get; }

    public FakeTimeProvider Time { get; }

    public WeftApi Api { get; }

    /// <param name="sweepEverySecond">Let the hosted sweeper run every second of the fake clock.</param>
    public static async Task<Scenario> StartAsync(bool sweepEverySecond = false)
    {
        var time = new FakeTimeProvider();
        var interval = sweepEverySecond ? TimeSpan.FromSeconds(1) : TimeSpan.FromDays(1);
        return new Scenario(await WeftTestServer.StartAsync(time, o => o.SweepInterval = interval), time);
    }

    /// <summary>Starts a worker that runs <paramref name="registry"/>'s handlers until the scenario ends.</summary>
    public void StartWorker(HandlerRegistry registry, int parallelism = 4, string workerId = "scenario-worker")
    {
        var stop = new CancellationTokenSource();
        var runner = new Runner(Server.Client, registry, new RunnerOptions
        {
            WorkerId = workerId,
            Parallelism = parallelism,
            PollInterval = TimeSpan.FromMilliseconds(20),
        });
        _workers.Add((stop, runner.RunAsync(stop.Token)));
    }

    /// <summary>Fires the timers that are due by the fake clock, as one tick of the sweeper would; returns how many fired.</summary>
    public async Task<int> FireTimersAsync()
    {
        var result = await Server.Engine.Timers.FireDueAsync();
        Assert.Empty(result.Failures);
        return result.Handled;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (stop, running) in _workers)
        {
            await stop.CancelAsync();
            await running;
            stop.Dispose();
        }

        await Server.DisposeAsync();
    }
}
