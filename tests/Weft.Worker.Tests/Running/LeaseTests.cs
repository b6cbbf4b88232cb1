using System.Text.Json.Nodes;
using Weft.Testing;
using Weft.Worker.Handlers;
using Weft.Worker.Running;
using Weft.Worker.Tests.Fakes;

namespace Weft.Worker.Tests.Running;

/// <summary>The Runner keeps the leases of its running jobs with batched heartbeats, on its clock.</summary>
public sealed class LeaseTests : IAsyncLifetime
{
    private static readonly TimeSpan Guard = Recording<object>.Timeout;
    private readonly FakeTimeProvider _clock = new();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FakeWeftServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeWeftServer.StartAsync();

    public async Task DisposeAsync()
    {
        _release.TrySetResult();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task One_request_extends_the_leases_that_end_soon_and_leaves_the_others_alone()
    {
        _server.EnqueueJob("short", "slow", lease: TimeSpan.FromSeconds(10));
        _server.EnqueueJob("long", "slow", lease: TimeSpan.FromSeconds(60));
        var started = StartedCounter(2, out var allStarted);
        await using var worker = new WorkerUnderTest(_server.BaseAddress, SlowRegistry(started), new RunnerOptions { Parallelism = 2, TimeProvider = _clock });
        await allStarted.WaitAsync(Guard);

        _clock.Advance(TimeSpan.FromSeconds(5)); // "short" has half its lease left; "long" 55 of 60 s
        var first = await _server.WaitForAsync("POST", "/v1/jobs/heartbeat");
        _clock.Advance(TimeSpan.FromSeconds(25)); // now "long" has half left too
        await _server.Requests.WaitForAsync(r => r.Is("POST", "/v1/jobs/heartbeat") && JobIds(r).Contains("long"));
        _release.SetResult();
        await _server.WaitForCompletionAsync("short");
        await _server.WaitForCompletionAsync("long");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{"jobId":"short","workerId":"w1"}]"""), JsonNode.Parse(first[0].Body)));
        // Every heartbeat went in a batch: the single-job entries the fake records are exactly the batches' entries.
        var batched = _server.RequestsTo("POST", "/v1/jobs/heartbeat").SelectMany(JobIds).ToList();
        var singles = _server.Requests.Snapshot().Where(r => r.Path.EndsWith("/heartbeat", StringComparison.Ordinal) && r.Path != "/v1/jobs/heartbeat").ToList();
        Assert.Equal(batched.Count, singles.Count);
    }

    [Fact]
    public async Task A_server_without_the_batch_route_gets_one_heartbeat_per_job()
    {
        _server.WithoutBatchRoutes = true;
        _server.EnqueueJob("j1", "slow", lease: TimeSpan.FromSeconds(4));
        var started = StartedCounter(1, out var allStarted);
        await using var worker = new WorkerUnderTest(_server.BaseAddress, SlowRegistry(started), new RunnerOptions { Parallelism = 1, TimeProvider = _clock });
        await allStarted.WaitAsync(Guard);

        _clock.Advance(TimeSpan.FromSeconds(2));
        var single = await _server.WaitForAsync("POST", "/v1/jobs/j1/heartbeat");
        _release.SetResult();
        await _server.WaitForCompletionAsync("j1");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"workerId":"w1"}"""), single[0].Json));
    }

    [Fact]
    public async Task A_heartbeat_answered_409_cancels_the_handler_and_the_job_is_not_reported()
    {
        _server.Intercept = request => request.Is("POST", "/v1/jobs/j1/heartbeat")
            ? FakeReply.Problem(409, "Conflict", "Job 'j1' is cancelled: its instance was cancelled.", "CONFLICT")
            : null;
        _server.EnqueueJob("j1", "slow", lease: TimeSpan.FromSeconds(30));
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var registry = new HandlerRegistry().Register("slow", async (context, token) =>
        {
            started.SetResult();
            try
            {
                await context.DelayAsync(TimeSpan.FromHours(1));
            }
            catch (OperationCanceledException)
            {
                cancelled.SetResult(token.IsCancellationRequested && !context.ShutdownToken.IsCancellationRequested);
                throw;
            }

            return null;
        });
        await using var worker = new WorkerUnderTest(_server.BaseAddress, registry, new RunnerOptions { Parallelism = 1, TimeProvider = _clock });
        await started.Task.WaitAsync(Guard);

        _clock.Advance(TimeSpan.FromSeconds(15));

        Assert.True(await cancelled.Task.WaitAsync(Guard));
        await worker.Logger.WaitForAsync("Job j1 (slow): the server answered 409 (Job 'j1' is cancelled: its instance was cancelled.); cancelling its handler");
        await worker.Logger.WaitForAsync("Job j1 (slow) cancelled, not reported");
        await worker.StopAsync();
        Assert.Empty(_server.RequestsTo("POST", "/v1/jobs/j1/complete"));
        Assert.Empty(_server.RequestsTo("POST", "/v1/jobs/j1/fail"));
    }

    [Fact]
    public async Task A_job_the_server_took_back_is_not_reported_even_when_its_handler_returns_a_result()
    {
        _server.Intercept = request => request.Is("POST", "/v1/jobs/j1/heartbeat")
            ? FakeReply.Problem(409, "Conflict", "Job 'j1' is held by worker 'w2', not 'w1'.", "CONFLICT")
            : null;
        _server.EnqueueJob("j1", "stubborn", lease: TimeSpan.FromSeconds(10));
        var registry = new HandlerRegistry().Register("stubborn", async (context, token) =>
        {
            // Ignores the token's exception: waits for it, then returns as if nothing happened.
            await Task.Delay(Timeout.InfiniteTimeSpan, token).ContinueWith(_ => { }, TaskScheduler.Default);
            return new JsonObject { ["done"] = true };
        });
        await using var worker = new WorkerUnderTest(_server.BaseAddress, registry, new RunnerOptions { Parallelism = 1, TimeProvider = _clock });
        await _server.WaitForAsync("POST", "/v1/jobs/poll");
        await worker.Logger.WaitForAsync("Job j1 (stubborn) of instance instance-of-j1 started");

        _clock.Advance(TimeSpan.FromSeconds(5));

        await worker.Logger.WaitForAsync("Job j1 (stubborn) cancelled, not reported: Job 'j1' is held by worker 'w2', not 'w1'.");
        await worker.StopAsync();
        Assert.Empty(_server.RequestsTo("POST", "/v1/jobs/j1/complete"));
    }

    [Fact]
    public async Task A_heartbeat_the_server_could_not_apply_is_sent_again_at_the_next_look()
    {
        var beats = 0;
        _server.Intercept = request => request.Is("POST", "/v1/jobs/j1/heartbeat") && Interlocked.Increment(ref beats) == 1
            ? FakeReply.Problem(503, "Service Unavailable", "The database is restarting.")
            : null;
        _server.EnqueueJob("j1", "slow", lease: TimeSpan.FromSeconds(4));
        var started = StartedCounter(1, out var allStarted);
        await using var worker = new WorkerUnderTest(_server.BaseAddress, SlowRegistry(started), new RunnerOptions { Parallelism = 1, TimeProvider = _clock });
        await allStarted.WaitAsync(Guard);

        _clock.Advance(TimeSpan.FromSeconds(2));
        await worker.Logger.WaitForAsync("Job j1: the server refused its heartbeat (503): The database is restarting.");
        _clock.Advance(TimeSpan.FromSeconds(1));
        await _server.WaitForAsync("POST", "/v1/jobs/j1/heartbeat", count: 2);
        _release.SetResult();

        await _server.WaitForCompletionAsync("j1");
        Assert.DoesNotContain(worker.Logger.Entries.Snapshot(), e => e.Message.Contains("cancel", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_heartbeat_that_does_not_reach_the_server_is_sent_again_at_the_next_look()
    {
        _server.WithoutBatchRoutes = true; // then each heartbeat is its own request, which the fake can refuse whole
        var beats = 0;
        _server.Intercept = request => request.Is("POST", "/v1/jobs/j1/heartbeat") && Interlocked.Increment(ref beats) == 1
            ? FakeReply.Problem(502, "Bad Gateway", "The proxy lost the server.")
            : null;
        _server.EnqueueJob("j1", "slow", lease: TimeSpan.FromSeconds(4));
        var started = StartedCounter(1, out var allStarted);
        await using var worker = new WorkerUnderTest(_server.BaseAddress, SlowRegistry(started), new RunnerOptions { Parallelism = 1, TimeProvider = _clock });
        await allStarted.WaitAsync(Guard);

        _clock.Advance(TimeSpan.FromSeconds(2));
        await worker.Logger.WaitForAsync("Heartbeat for 1 job(s) failed; trying again at the next look");
        _clock.Advance(TimeSpan.FromSeconds(1));
        await _server.WaitForAsync("POST", "/v1/jobs/j1/heartbeat", count: 2);
        _release.SetResult();

        await _server.WaitForCompletionAsync("j1");
    }

    private static IReadOnlyList<string> JobIds(RecordedRequest batch) =>
        [.. JsonNode.Parse(batch.Body)!.AsArray().Select(entry => (string)entry!["jobId"]!)];

    private static Action StartedCounter(int count, out Task allStarted)
    {
        var started = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        allStarted = all.Task;
        return () =>
        {
            if (Interlocked.Increment(ref started) == count)
            {
                all.SetResult();
            }
        };
    }

    private HandlerRegistry SlowRegistry(Action started) => new HandlerRegistry().Register("slow", async (context, _) =>
    {
        started();
        await _release.Task;
        return new JsonObject { ["done"] = context.Id };
    });
}
