using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Weft.Worker.Client;
using Weft.Worker.Handlers;
using Weft.Worker.Running;
using Weft.Worker.Tests.Fakes;

namespace Weft.Worker.Tests.Running;

public sealed class RunnerTests : IAsyncLifetime
{
    private static readonly TimeSpan Guard = Recording<object>.Timeout;
    private FakeWeftServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeWeftServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Completes_a_job_with_the_variables_the_handler_returns()
    {
        _server.EnqueueJob("j1", "greet", new JsonObject { ["name"] = "Ada" });
        var registry = new HandlerRegistry()
            .Register("greet", context => new JsonObject { ["greeting"] = $"Hello, {context.GetVariable<string>("name")}" });
        await using var worker = new WorkerUnderTest(_server.BaseAddress, registry);

        var completion = await _server.WaitForCompletionAsync("j1");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"workerId":"w1","variables":{"greeting":"Hello, Ada"}}"""), completion));
        var poll = _server.RequestsTo("POST", "/v1/jobs/poll")[0].Json;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"workerId":"w1","jobTypes":["greet"],"maxJobs":64,"waitMs":20000}"""), poll));
    }

    [Fact]
    public async Task A_handler_returning_null_completes_with_empty_variables()
    {
        _server.EnqueueJob("j1", "noop");
        await using var worker = new WorkerUnderTest(_server.BaseAddress, new HandlerRegistry().Register("noop", _ => null));

        var completion = await _server.WaitForCompletionAsync("j1");

        Assert.Empty(completion["variables"]!.AsObject());
    }

    [Fact]
    public async Task Any_exception_fails_the_job_as_retryable_and_NonRetryableException_as_not_retryable()
    {
        _server.EnqueueJob("j1", "flaky");
        _server.EnqueueJob("j2", "strict");
        var registry = new HandlerRegistry()
            .Register("flaky", (JobContext _) => throw new TimeoutException("payment service timed out"))
            .Register("strict", async (_, _) =>
            {
                await Task.Yield();
                throw new NonRetryableException("card number is invalid");
            });
        await using var worker = new WorkerUnderTest(_server.BaseAddress, registry);

        var retryable = await _server.WaitForFailureAsync("j1");
        var final = await _server.WaitForFailureAsync("j2");

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"workerId":"w1","errorMessage":"payment service timed out","retryable":true}"""), retryable));
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"workerId":"w1","errorMessage":"card number is invalid","retryable":false}"""), final));
        Assert.Empty(_server.RequestsTo("POST", "/v1/jobs/j1/complete"));
    }

    [Fact]
    public async Task A_job_of_a_type_without_handler_fails_retryably_so_another_worker_can_take_it()
    {
        _server.EnqueueJob("j1", "unknown");
        await using var worker = new WorkerUnderTest(_server.BaseAddress, new HandlerRegistry().Register("known", _ => null));

        var failure = await _server.WaitForFailureAsync("j1");

        Assert.Equal("Worker w1 has no handler for job type 'unknown'.", (string?)failure["errorMessage"]);
        Assert.True((bool)failure["retryable"]!);
    }

    [Fact]
    public async Task Never_runs_more_jobs_at_once_than_the_parallelism()
    {
        const int parallelism = 3;
        const int jobCount = 10;
        for (var i = 0; i < jobCount; i++)
        {
            _server.EnqueueJob($"j{i}", "work");
        }

        var running = 0;
        var mostAtOnce = 0;
        var allSlotsBusy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registry = new HandlerRegistry().Register("work", async (context, _) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref mostAtOnce, now);
            if (now == parallelism)
            {
                allSlotsBusy.TrySetResult();
            }

            await release.Task;
            Interlocked.Decrement(ref running);
            return new JsonObject { ["done"] = context.Id };
        });
        await using var worker = new WorkerUnderTest(_server.BaseAddress, registry, new RunnerOptions { Parallelism = parallelism });

        await allSlotsBusy.Task.WaitAsync(Guard);
        var pollsWhileBusy = _server.RequestsTo("POST", "/v1/jobs/poll").Count;
        release.SetResult();
        await _server.Requests.WaitForAsync(request => request.Path.EndsWith("/complete", StringComparison.Ordinal), jobCount);

        Assert.Equal(parallelism, mostAtOnce);
        Assert.All(_server.RequestsTo("POST", "/v1/jobs/poll"), poll => Assert.InRange((int)poll.Json["maxJobs"]!, 1, parallelism));
        Assert.Equal(1, pollsWhileBusy);
    }

    [Fact]
    public async Task MaxJobsPerPoll_caps_each_poll()
    {
        await using var worker = new WorkerUnderTest(
            _server.BaseAddress, new HandlerRegistry().Register("a", _ => null), new RunnerOptions { Parallelism = 8, MaxJobsPerPoll = 2, WaitMs = 1500 });

        var poll = (await _server.WaitForAsync("POST", "/v1/jobs/poll"))[0].Json;

        Assert.Equal(2, (int)poll["maxJobs"]!);
        Assert.Equal(1500, (int)poll["waitMs"]!);
    }

    [Fact]
    public async Task On_stop_waits_for_running_jobs_to_finish_and_report_before_returning()
    {
        _server.EnqueueJob("j1", "slow");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registry = new HandlerRegistry().Register("slow", async (context, _) =>
        {
            started.SetResult();
            await release.Task;
            return new JsonObject { ["finished"] = true };
        });
        // Short polls: a long one is cancelled on stop while its request may still be on its way, so counting the
        // polls that reach the server would race.
        await using var worker = new WorkerUnderTest(_server.BaseAddress, registry, new RunnerOptions { WaitMs = 0 });
        await started.Task.WaitAsync(Guard);

        worker.RequestStop();
        await worker.Logger.WaitForAsync("waiting for 1 running job(s) to finish");
        Assert.False(worker.Run.IsCompleted);
        var pollsAtStop = _server.RequestsTo("POST", "/v1/jobs/poll").Count;
        release.SetResult();
        await worker.Run.WaitAsync(Guard);

        var completion = Assert.Single(_server.RequestsTo("POST", "/v1/jobs/j1/complete"));
        Assert.True((bool)completion.Json["variables"]!["finished"]!);
        Assert.Equal(pollsAtStop, _server.RequestsTo("POST", "/v1/jobs/poll").Count);
    }

    [Fact]
    public async Task Server_errors_while_polling_do_not_stop_the_runner()
    {
        var polls = 0;
        _server.Intercept = request =>
            request.Is("POST", "/v1/jobs/poll") && Interlocked.Increment(ref polls) <= 3
                ? FakeReply.Problem(503, "Service Unavailable", "The database is restarting.")
                : null;
        _server.EnqueueJob("j1", "a");
        await using var worker = new WorkerUnderTest(_server.BaseAddress, new HandlerRegistry().Register("a", _ => null));

        await _server.WaitForCompletionAsync("j1");
        await worker.StopAsync();

        Assert.True(worker.Run.IsCompletedSuccessfully);
        var warnings = worker.Logger.Entries.Snapshot().Where(entry => entry.Message.StartsWith("Poll failed", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, warnings.Count);
        Assert.All(warnings, warning => Assert.Equal("The database is restarting.", warning.Exception!.Message));
    }

    [Fact]
    public async Task A_server_that_is_down_at_first_is_polled_again_until_it_is_up()
    {
        var port = FreeLoopbackPort();
        var registry = new HandlerRegistry().Register("a", _ => new JsonObject { ["ok"] = true });
        await using var worker = new WorkerUnderTest(new Uri($"http://127.0.0.1:{port}"), registry);

        var refused = await worker.Logger.WaitForAsync("Poll failed", count: 2);
        Assert.All(refused, entry => Assert.IsType<HttpRequestException>(entry.Exception));

        await using var lateServer = await FakeWeftServer.StartAsync(port);
        lateServer.EnqueueJob("j1", "a");
        var completion = await lateServer.WaitForCompletionAsync("j1");

        Assert.True((bool)completion["variables"]!["ok"]!);
        Assert.False(worker.Run.IsCompleted);
    }

    [Fact]
    public async Task A_completion_rejected_with_409_is_logged_and_not_sent_again()
    {
        _server.Intercept = request => request.Path.EndsWith("/complete", StringComparison.Ordinal)
            ? FakeReply.Problem(409, "Conflict", "Job j1 is no longer locked by worker w1.")
            : null;
        _server.EnqueueJob("j1", "a");
        await using var worker = new WorkerUnderTest(_server.BaseAddress, new HandlerRegistry().Register("a", _ => null));

        await worker.Logger.WaitForAsync("Job j1: the server rejected the report (409): Job j1 is no longer locked by worker w1.");
        await worker.StopAsync();

        Assert.Single(_server.RequestsTo("POST", "/v1/jobs/j1/complete"));
    }

    [Fact]
    public async Task A_completion_that_meets_a_server_error_is_sent_again()
    {
        var completions = 0;
        _server.Intercept = request =>
            request.Path.EndsWith("/complete", StringComparison.Ordinal) && Interlocked.Increment(ref completions) == 1
                ? FakeReply.Problem(500, "Internal Server Error", "Try again.")
                : null;
        _server.EnqueueJob("j1", "a");
        await using var worker = new WorkerUnderTest(_server.BaseAddress, new HandlerRegistry().Register("a", _ => new JsonObject { ["n"] = 1 }));

        var both = await _server.WaitForAsync("POST", "/v1/jobs/j1/complete", count: 2);

        Assert.Equal(both[0].Body, both[1].Body);
    }

    [Fact]
    public async Task Running_without_handlers_is_an_error()
    {
        using var client = new WeftClient(_server.BaseAddress);
        var runner = new Runner(client, new HandlerRegistry());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => runner.RunAsync(CancellationToken.None));

        Assert.Contains("Register at least one handler", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_options_follow_the_design()
    {
        var options = new RunnerOptions();

        Assert.Equal(64, options.Parallelism);
        Assert.Equal(TimeSpan.FromSeconds(0.5), options.PollInterval);
        Assert.Null(options.MaxJobsPerPoll);
        Assert.Equal(20_000, options.WaitMs); // long polls by default
        Assert.Equal(TimeSpan.FromSeconds(1), options.HeartbeatInterval);
        Assert.True(options.AutoComplete);
        Assert.Same(TimeProvider.System, options.TimeProvider);
        Assert.StartsWith($"{Environment.MachineName}-{Environment.ProcessId}-", options.WorkerId, StringComparison.Ordinal);
        Assert.NotEqual(options.WorkerId, new RunnerOptions().WorkerId);
    }

    [Fact]
    public void Invalid_options_are_rejected_up_front_with_every_problem_named()
    {
        using var client = new WeftClient(_server.BaseAddress);
        var registry = new HandlerRegistry();

        var error = Assert.Throws<ArgumentException>(() => new Runner(client, registry, new RunnerOptions
        {
            Parallelism = 0,
            MaxJobsPerPoll = 0,
            PollInterval = TimeSpan.FromSeconds(-1),
            HeartbeatInterval = TimeSpan.Zero,
            WorkerId = " ",
        }));

        Assert.Contains("WorkerId is empty.", error.Message, StringComparison.Ordinal);
        Assert.Contains("Parallelism is 0; it must be at least 1.", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxJobsPerPoll is 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("PollInterval is -00:00:01; it cannot be negative.", error.Message, StringComparison.Ordinal);
        Assert.Contains("HeartbeatInterval is 00:00:00; it must be positive.", error.Message, StringComparison.Ordinal);
        Assert.Empty(new RunnerOptions().Problems());
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
