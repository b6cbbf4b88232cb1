using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;
using Weft.Testing;

namespace Weft.Server.Tests.Jobs;

/// <summary>
/// Long polls under a fake clock: the server's wait can only end by a notice or by the test moving the clock,
/// so each test shows which of the two ended it.
/// </summary>
public sealed class LongPollTests : IAsyncLifetime
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);
    private readonly FakeTimeProvider _time = new();
    private WeftTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await WeftTestServer.StartAsync(_time, o => o.SweepInterval = TimeSpan.FromDays(1));
        await _server.Client.UploadDefinitionAsync(TestDefinitions.Single("waiting", "wait-work", retryCount: 1,
            extra: """, "retryBackoff": { "initial": "PT10S" }"""));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_long_poll_answers_as_soon_as_a_job_is_created()
    {
        var poll = _server.Client.PollJobsAsync("w", ["wait-work"], 1, waitMs: 30_000);
        Assert.False(poll.IsCompleted);

        var instance = await _server.Client.StartInstanceAsync("waiting");
        var jobs = await poll.WaitAsync(Guard);
        Assert.Equal(instance.Id, Assert.Single(jobs).InstanceId);
    }

    [Fact]
    public async Task A_long_poll_hands_out_a_retry_once_its_backoff_ends()
    {
        await _server.Client.StartInstanceAsync("waiting");
        var first = Assert.Single(await _server.Client.PollJobsAsync("w", ["wait-work"], 1));
        await _server.Client.FailJobAsync(first.Id, "w", "busy", retryable: true);

        var poll = _server.Client.PollJobsAsync("w", ["wait-work"], 1, waitMs: 30_000);
        await WaitUntilWaitingAsync(poll);
        _time.Advance(TimeSpan.FromSeconds(11)); // past the backoff, far from the end of the wait
        for (var nudge = 0; !poll.IsCompleted && nudge < 10; nudge++)
        {
            // The poll may have looked again while the clock was still moving; its next look is a second later.
            await Task.WhenAny(poll, Task.Delay(50));
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(first.Id, Assert.Single(await poll.WaitAsync(Guard)).Id);
    }

    [Fact]
    public async Task A_long_poll_with_no_work_answers_empty_when_its_wait_runs_out()
    {
        var poll = _server.Client.PollJobsAsync("w", ["wait-work"], 1, waitMs: 5_000);
        await WaitUntilWaitingAsync(poll);
        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.Empty(await poll.WaitAsync(Guard));
    }

    [Fact]
    public async Task A_completion_that_creates_the_next_job_wakes_a_long_poll_for_it()
    {
        await _server.Client.UploadDefinitionAsync(TestDefinitions.Linear("two-steps", "first", "second"));
        await _server.Client.StartInstanceAsync("two-steps", new JsonObject { ["n"] = 1 });
        var first = Assert.Single(await _server.Client.PollJobsAsync("w", ["first"], 1));

        var poll = _server.Client.PollJobsAsync("w2", ["second"], 1, waitMs: 30_000);
        await _server.Client.CompleteJobAsync(first.Id, "w", null);
        Assert.Equal(first.InstanceId, Assert.Single(await poll.WaitAsync(Guard)).InstanceId);
    }

    // The request must have reached the server's wait (a timer on the fake clock, beside the sweeper's) before the
    // clock moves, or the move would pass it by.
    private async Task WaitUntilWaitingAsync(Task poll)
    {
        await Eventually.ReturnsAsync(() => Task.FromResult(_time.PendingTimers), timers => timers >= 2, "the poll to wait");
        Assert.False(poll.IsCompleted);
    }
}
