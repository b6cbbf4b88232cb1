using Weft.Server.Tests.Support;
using Weft.Testing;

namespace Weft.Server.Tests.Events;

/// <summary>GET /v1/events: snapshot, deltas in commit order, filters, resume, missed window, keepalive, stop.</summary>
public sealed class EventStreamTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_stream_starts_with_a_snapshot_then_sends_a_run_in_commit_order()
    {
        await using var server = await WeftTestServer.StartAsync();
        await server.Client.UploadDefinitionAsync(TestDefinitions.Linear("orders", "ev-a", "ev-b"));
        await server.Client.UploadDefinitionAsync(TestDefinitions.Linear("earlier", "early-a", "early-b"));
        var earlier = await server.Client.StartInstanceAsync("earlier", businessKey: "before");
        await using var stream = await SseReader.OpenAsync(server.Http);

        var snapshot = await stream.NextAsync();
        Assert.Equal("snapshot", snapshot!.Name);
        Assert.Equal(1, snapshot.Data!["counts"]!["ACTIVE"]!.GetValue<long>());
        var listed = Assert.Single(snapshot.Data["instances"]!.AsArray());
        Assert.Equal(earlier.Id, listed!["id"]!.GetValue<string>());
        Assert.Equal("before", listed["businessKey"]!.GetValue<string>());
        Assert.Equal("a", listed["currentStepIds"]![0]!.GetValue<string>());
        Assert.False(snapshot.Data["truncated"]!.GetValue<bool>());

        var instance = await server.Client.StartInstanceAsync("orders");
        foreach (var jobType in new[] { "ev-a", "ev-b" })
        {
            var job = Assert.Single(await server.Client.PollJobsAsync("w", [jobType], 1));
            await server.Client.ReportProgressAsync(job.Id, "w", 40, "busy");
            await server.Client.CompleteJobAsync(job.Id, "w", null);
        }

        var run = await stream.UntilAsync(m => m.Kind == "instance/completed");
        Assert.All(run, m => Assert.Equal(instance.Id, m.Data!["instanceId"]!.GetValue<string>()));
        Assert.Equal(
            ["instance/started", "token/created", "job/created", "job/locked", "progress/reported", "job/completed", "token/active", "job/created",
             "job/locked", "progress/reported", "job/completed", "token/completed", "instance/completed"],
            run.Select(m => m.Kind));
        var ids = run.Select(m => m.Id!.Value).ToList();
        Assert.True(ids[0] > snapshot.Id);
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(run, m => Assert.Equal(m.Id, m.Data!["seq"]!.GetValue<long>()));
        Assert.Equal("orders", run[0].Data!["definitionId"]!.GetValue<string>());
        Assert.Equal(40, run[4].Data!["data"]!["percent"]!.GetValue<double>());
    }

    [Fact]
    public async Task Filters_narrow_the_snapshot_and_the_deltas()
    {
        await using var server = await WeftTestServer.StartAsync();
        await server.Client.UploadDefinitionAsync(TestDefinitions.Single("mine", "mine-job"));
        await server.Client.UploadDefinitionAsync(TestDefinitions.Single("theirs", "theirs-job"));
        await server.Client.StartInstanceAsync("mine");
        await server.Client.StartInstanceAsync("theirs");
        await using var byDefinition = await SseReader.OpenAsync(server.Http, "?definitionId=mine");

        var snapshot = (await byDefinition.NextAsync())!;
        Assert.Equal(1, snapshot.Data!["counts"]!["ACTIVE"]!.GetValue<long>());
        Assert.Equal("mine", Assert.Single(snapshot.Data["instances"]!.AsArray())!["definitionId"]!.GetValue<string>());

        var theirs = await server.Client.StartInstanceAsync("theirs");
        var mine = await server.Client.StartInstanceAsync("mine");
        await using var byInstance = await SseReader.OpenAsync(server.Http, $"?instanceId={theirs.Id}", lastEventId: "0");
        await server.Client.CancelInstanceAsync(mine.Id, "done");

        var seen = await byDefinition.UntilAsync(m => m.Kind == "instance/cancelled");
        Assert.All(seen, m => Assert.Equal(mine.Id, m.Data!["instanceId"]!.GetValue<string>()));
        var ofTheirs = await byInstance.UntilAsync(m => m.Kind == "job/created");
        Assert.All(ofTheirs, m => Assert.Equal(theirs.Id, m.Data!["instanceId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Resuming_with_Last_Event_ID_sends_exactly_the_events_after_it()
    {
        await using var server = await WeftTestServer.StartAsync();
        await server.Client.UploadDefinitionAsync(TestDefinitions.Single("resume", "resume-job"));
        long lastSeen;
        await using (var first = await SseReader.OpenAsync(server.Http))
        {
            await first.NextAsync();
            await server.Client.StartInstanceAsync("resume");
            lastSeen = (await first.UntilAsync(m => m.Kind == "job/created"))[^1].Id!.Value;
        }

        // While nobody listens: another instance, and the first one's job is claimed.
        var missed = await server.Client.StartInstanceAsync("resume");
        await server.Client.PollJobsAsync("w", ["resume-job"], 10);
        await using var resumed = await SseReader.OpenAsync(server.Http, lastEventId: lastSeen.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var after = await resumed.UntilAsync(m => m.Kind == "job/locked" && m.Data!["instanceId"]!.GetValue<string>() == missed.Id);
        Assert.NotEqual("snapshot", after[0].Name);
        Assert.Equal(lastSeen + 1, after[0].Id);
        Assert.Equal("instance/started", after[0].Kind);
        Assert.Equal(after.Count, after.Select(m => m.Id).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, after.Count).Select(i => lastSeen + 1 + i), after.Select(m => m.Id!.Value));

        // The query parameter works for clients that cannot set the header.
        await using var byQuery = await SseReader.OpenAsync(server.Http, $"?lastEventId={lastSeen}");
        Assert.Equal(lastSeen + 1, (await byQuery.NextAsync())!.Id);
    }

    [Fact]
    public async Task A_missed_window_is_said_with_a_reset_and_a_new_snapshot_then_deltas()
    {
        var time = new FakeTimeProvider(Start);
        await using var server = await WeftTestServer.StartAsync(time);
        await server.Client.UploadDefinitionAsync(TestDefinitions.Single("old", "old-job"));
        await server.Client.StartInstanceAsync("old");
        time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await server.Client.StartInstanceAsync("old");
        await server.Engine.Events.PruneAsync(); // the retention sweeper may have been first: the clock jumped past its minute
        Assert.Equal(Weft.Engine.Events.EventResume.WindowMissed, await server.Engine.Events.CheckResumeAsync(1));

        await using var stream = await SseReader.OpenAsync(server.Http, lastEventId: "1");
        var reset = (await stream.NextAsync())!;
        Assert.Equal("reset", reset.Name);
        Assert.Equal("events after 1 are no longer kept (retention P1D); here is a new snapshot", reset.Data!["message"]!.GetValue<string>());
        var snapshot = (await stream.NextAsync())!;
        Assert.Equal("snapshot", snapshot.Name);
        Assert.Equal(2, snapshot.Data!["counts"]!["ACTIVE"]!.GetValue<long>());

        var next = await server.Client.StartInstanceAsync("old");
        var started = (await stream.NextAsync())!;
        Assert.Equal("instance/started", started.Kind);
        Assert.Equal(next.Id, started.Data!["instanceId"]!.GetValue<string>());
        Assert.Equal(snapshot.Id + 1, started.Id);
    }

    [Theory]
    [InlineData("abc", "is not an event id")]
    [InlineData("-1", "is not an event id")]
    [InlineData("99999999", "is beyond the last event stored")]
    public async Task A_bad_Last_Event_ID_is_refused_with_a_problem(string lastEventId, string says)
    {
        await using var server = await WeftTestServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/events");
        request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        using var response = await server.Http.SendAsync(request);
        await ProblemAssert.IsProblemAsync(response, 400, says);
    }

    [Fact]
    public async Task A_quiet_stream_sends_a_keepalive_every_15_seconds()
    {
        var time = new FakeTimeProvider(Start);
        await using var server = await WeftTestServer.StartAsync(time);
        await using var stream = await SseReader.OpenAsync(server.Http);
        Assert.Equal("snapshot", (await stream.NextAsync())!.Name);

        // The stream has set its keepalive timer once the snapshot is written; only that timer can write a comment.
        var keepaliveDue = Start + TimeSpan.FromSeconds(15);
        await time.WaitForTimerDueAtAsync(keepaliveDue, TimeSpan.FromSeconds(10));
        var next = stream.NextAsync();
        time.Advance(TimeSpan.FromSeconds(14));
        Assert.True(time.HasTimerDueAt(keepaliveDue), "the keepalive timer fired before 15 s");
        Assert.False(next.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("keepalive", (await next.WaitAsync(TimeSpan.FromSeconds(10)))!.Comment);
    }

    [Fact]
    public async Task The_stream_ends_when_the_server_stops()
    {
        var server = await WeftTestServer.StartAsync();
        try
        {
            await using var stream = await SseReader.OpenAsync(server.Http);
            Assert.Equal("snapshot", (await stream.NextAsync())!.Name);
            var next = stream.NextAsync(TimeSpan.FromSeconds(20));

            var stopping = server.App.StopAsync();
            Assert.Null(await next);
            await stopping.WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
