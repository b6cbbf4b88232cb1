using System.Text.Json.Nodes;
using Weft.Testing;
using Weft.Worker.Handlers;
using Weft.Worker.Running;
using Weft.Worker.Tests.Fakes;

namespace Weft.Worker.Tests.Running;

/// <summary>How running jobs are told to stop (lost lease, cancelled instance, abort) and left running (autocomplete off).</summary>
public sealed class CancellationTests : IAsyncLifetime
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
    public async Task All_running_jobs_whose_leases_end_soon_are_extended_in_one_request_per_look()
    {
        foreach (var id in new[] { "j1", "j2", "j3" })
        {
            _server.EnqueueJob(id, "slow", lease: TimeSpan.FromSeconds(10));
        }

        var started = new Recording<string>();
        var registry = new HandlerRegistry().Register("slow", async (context, _) =>
        {
            started.Add(context.Id);
            await _release.Task;
            return null;
        });
        await using var worker = new WorkerUnderTest(_server.BaseAddress, registry, new RunnerOptions { Parallelism = 3, TimeProvider = _clock });
        await started.WaitForAsync(_ => true, 3);

        _clock.Advance(TimeSpan.FromSeconds(5));
        var batch = await _server.WaitForAsync("POST", "/v1/jobs/heartbeat");
        _release.SetResult();
        await _server.WaitForCompletionAsync("j3");

        Assert.Equal(["j1", "j2", "j3"], JsonNode.Parse(batch[0].Body)!.AsArray().Select(e => (string)e!["jobId"]!).Order(StringComparer.Ordinal));
        Assert.Single(_server.RequestsTo("POST", "/v1/jobs/heartbeat"));
    }

    [Fact]
    public async Task A_heartbeat_answered_404_cancels_the_handler_and_the_job_is_not_reported()
    {
        _server.Intercept = request => request.Is("POST", "/v1/jobs/j1/heartbeat")
            ? FakeReply.Problem(404, "Not Found", "Job 'j1' does not exist.", "NOT_FOUND")
            : null;
        _server.EnqueueJob("j1", "slow", lease: TimeSpan.FromSeconds(10));
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registry = new HandlerRegistry().Register("slow", async (context, token) =>
        {
            using var _ = token.Register(cancelled.SetResult);
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
            return null;
        });
        await using var worker = new WorkerUnderTest(_server.BaseAddress, registry, new RunnerOptions { Parallelism = 1, TimeProvider = _clock });
        await worker.Logger.WaitForAsync("Job j1 (slow) of instance instance-of-j1 started");

        _clock.Advance(TimeSpan.FromSeconds(5));

        await cancelled.Task.WaitAsync(Guard);
        await worker.Logger.WaitForAsync("Job j1 (slow) cancelled, not reported: Job 'j1' does not exist.");
        await worker.StopAsync();
        Assert.Empty(_server.RequestsTo("POST", "/v1/jobs/j1/complete"));
        Assert.Empty(_server.RequestsTo("POST", "/v1/jobs/j1/fail"));
    }

    [Fact]
    public async Task A_progress_report_answered_409_cancels_the_job_and_throws_in_the_handler()
    {
        _server.Intercept = request => request.Is("POST", "/v1/jobs/j1/progress")
            ? FakeReply.Problem(409, "Conflict", "Job 'j1' is cancelled: its instance was cancelled.", "CONFLICT")
            : null;
        _server.EnqueueJob("j1", "reports");
        var thrown = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        var registry = new HandlerRegistry().Register("reports", async (context, token) =>
        {
            try
            {
                await context.ReportProgressAsync(10, "starting");
            }
            catch (Exception exception)
            {
                thrown.SetResult(exception);
                throw;
            }

            return new JsonObject { ["done"] = true };
        });
        await using var worker = new WorkerUnderTest(_server.BaseAddress, registry);

        var exception = await thrown.Task.WaitAsync(Guard);

        Assert.IsType<OperationCanceledException>(exception);
        await worker.Logger.WaitForAsync("Job j1 (reports) cancelled, not reported: Job 'j1' is cancelled: its instance was cancelled.");
        await worker.StopAsync();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"workerId":"w1","percent":10,"message":"starting"}"""), _server.RequestsTo("POST", "/v1/jobs/j1/progress")[0].Json));
        Assert.Empty(_server.RequestsTo("POST", "/v1/jobs/j1/complete"));
        Assert.Empty(_server.RequestsTo("POST", "/v1/jobs/j1/fail"));
    }

    [Fact]
    public async Task A_progress_report_that_does_not_reach_the_server_does_not_fail_the_job()
    {
        _server.Intercept = request => request.Is("POST", "/v1/jobs/j1/progress")
            ? FakeReply.Problem(503, "Service Unavailable", "The database is restarting.")
            : null;
        _server.EnqueueJob("j1", "reports");
        var registry = new HandlerRegistry().Register("reports", async (context, _) =>
        {
            await context.ReportProgressAsync(50);
            return new JsonObject { ["done"] = true };
        });
        await using var worker = new WorkerUnderTest(_server.BaseAddress, registry);

        var completion = await _server.WaitForCompletionAsync("j1");

        Assert.True((bool)completion["variables"]!["done"]!);
        await worker.Logger.WaitForAsync("Job j1: a progress report did not reach the server");
    }

    [Fact]
    public async Task Abort_fires_the_shutdown_token_of_running_handlers_which_are_not_reported_and_the_runner_returns()
    {
        _server.EnqueueJob("j1", "slow");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var shutdown = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var registry = new HandlerRegistry().Register("slow", async (context, token) =>
        {
            started.SetResult();
            try
            {
                await context.DelayAsync(TimeSpan.FromHours(1));
            }
            catch (OperationCanceledException)
            {
                shutdown.SetResult(context.ShutdownToken.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested);
                throw;
            }

            return null;
        });
        await using var worker = new WorkerUnderTest(_server.BaseAddress, registry, new RunnerOptions { Parallelism = 1, TimeProvider = _clock, WaitMs = 0 });
        await started.Task.WaitAsync(Guard);

        worker.RequestStop();
        await worker.Logger.WaitForAsync("waiting for 1 running job(s) to finish");
        Assert.False(worker.Run.IsCompleted); // a stop alone drains: the handler is not told anything
        Assert.False(shutdown.Task.IsCompleted);
        worker.Abort();

        Assert.True(await shutdown.Task.WaitAsync(Guard));
        await worker.Run.WaitAsync(Guard);
        await worker.Logger.WaitForAsync("Job j1 (slow) aborted, not reported");
        Assert.Empty(_server.RequestsTo("POST", "/v1/jobs/j1/complete"));
        Assert.Empty(_server.RequestsTo("POST", "/v1/jobs/j1/fail"));
    }

    [Fact]
    public async Task With_autocomplete_off_a_returning_job_is_left_running_but_a_throwing_one_is_failed()
    {
        _server.EnqueueJob("j1", "ok");
        _server.EnqueueJob("j2", "broken");
        var registry = new HandlerRegistry()
            .Register("ok", _ => new JsonObject { ["n"] = 1 })
            .Register("broken", (JobContext _) => throw new InvalidOperationException("no"));
        await using var worker = new WorkerUnderTest(_server.BaseAddress, registry, new RunnerOptions { AutoComplete = false });

        await worker.Logger.WaitForAsync("Job j1 (ok) returned 1 output variable(s) and is left running for another system to complete (autocomplete is off)");
        var failure = await _server.WaitForFailureAsync("j2");
        await worker.StopAsync();

        Assert.Equal("no", (string?)failure["errorMessage"]);
        Assert.Empty(_server.RequestsTo("POST", "/v1/jobs/j1/complete"));
        Assert.Empty(_server.RequestsTo("POST", "/v1/jobs/j1/fail"));
    }
}
