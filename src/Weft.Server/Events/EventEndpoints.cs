using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Weft.Engine;
using Weft.Engine.Events;
using Weft.Server.Problems;

namespace Weft.Server.Events;

/// <summary>
/// <c>GET /v1/events</c>: Server-Sent Events. A snapshot first (or, with <c>Last-Event-ID</c>, nothing), then every
/// event in seq order as it commits; a reset and a new snapshot when the reader missed events (retention, or it fell
/// too far behind); a keepalive comment every 15 s. It ends when the client goes or the server stops.
/// </summary>
internal static class EventEndpoints
{
    public static readonly TimeSpan KeepaliveInterval = TimeSpan.FromSeconds(15);

    public static void MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/events", StreamAsync)
            .WithTags("Events")
            .WithProblems()
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .WithSummary("Live events (Server-Sent Events): a snapshot, then each change in commit order; resume with Last-Event-ID.");
    }

    private static async Task StreamAsync(
        HttpContext context, string? definitionId, string? instanceId, string? lastEventId, WeftEngine engine, IHostApplicationLifetime lifetime)
    {
        var filter = new EventFilter(definitionId, instanceId);
        var resumeFrom = ParseLastEventId(context.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? lastEventId);
        var events = engine.Events;
        var resume = resumeFrom is { } last ? await events.CheckResumeAsync(last, context.RequestAborted) : (EventResume?)null;
        if (resume == EventResume.BeyondHighWater)
        {
            throw WeftException.Invalid(
                $"Last-Event-ID {resumeFrom} is beyond the last event stored ({await events.HighWaterAsync(context.RequestAborted)}): it did not come from this server's database. Connect without it for a snapshot.");
        }

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var stream = new EventStreamWriter(response.Body);
        try
        {
            var after = resumeFrom ?? 0;
            var needSnapshot = resume is null;
            if (resume == EventResume.WindowMissed)
            {
                await stream.WriteAsync(null, "reset", EventJson.Message(
                    $"events after {resumeFrom} are no longer kept (retention {Iso(events.Retention)}); here is a new snapshot"), stopping.Token);
                needSnapshot = true;
            }

            await response.Body.FlushAsync(stopping.Token);
            while (!stopping.IsCancellationRequested)
            {
                if (needSnapshot)
                {
                    var snapshot = await events.SnapshotAsync(filter, stopping.Token);
                    await stream.WriteAsync(snapshot.HighWater, "snapshot", EventJson.Snapshot(snapshot), stopping.Token);
                    after = snapshot.HighWater;
                }

                await using var subscription = await events.SubscribeAsync(filter, after, cancellationToken: stopping.Token);
                after = await PumpAsync(subscription, stream, after, engine.Time, stopping.Token);
                if (!subscription.Overflowed)
                {
                    return; // the engine stopped
                }

                await stream.WriteAsync(null, "reset", EventJson.Message(
                    $"this reader fell more than {EventService.DefaultBuffer:N0} events behind and missed some after {after}; here is a new snapshot"), stopping.Token);
                needSnapshot = true;
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The client went, or the server is stopping: the stream ends (a client reconnects with Last-Event-ID).
        }
    }

    /// <summary>Writes the subscription's events as they come, and a keepalive every 15 s; returns the last seq written.</summary>
    private static async Task<long> PumpAsync(EventSubscription subscription, EventStreamWriter stream, long after, TimeProvider time, CancellationToken cancellationToken)
    {
        var reader = subscription.Events;
        Task<bool>? waiting = null;
        while (true)
        {
            waiting ??= reader.WaitToReadAsync(cancellationToken).AsTask();
            using (var keepalive = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                var tick = Task.Delay(KeepaliveInterval, time, keepalive.Token);
                if (await Task.WhenAny(waiting, tick) == tick)
                {
                    await tick; // throws when the stream is cancelled
                    await stream.WriteCommentAsync("keepalive", cancellationToken);
                    continue;
                }

                await keepalive.CancelAsync();
            }

            bool more;
            try
            {
                more = await waiting;
            }
            finally
            {
                waiting = null;
            }

            if (!more)
            {
                return after;
            }

            while (reader.TryRead(out var e))
            {
                await stream.WriteAsync(e.Seq, e.Topic, EventJson.Event(e), cancellationToken, flush: false);
                after = e.Seq;
            }

            await stream.FlushAsync(cancellationToken);
        }
    }

    private static long? ParseLastEventId(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
        {
            throw WeftException.Invalid(
                $"Last-Event-ID '{Shorten(text)}' is not an event id: send the id: of the last event received (a whole number from 0), or leave it out for a snapshot.");
        }

        return seq;
    }

    private static string Iso(TimeSpan duration) => duration switch
    {
        { TotalDays: var d } when d >= 1 && duration.Ticks % TimeSpan.TicksPerDay == 0 => $"P{(long)d}D",
        { TotalHours: var h } when duration.Ticks % TimeSpan.TicksPerHour == 0 => $"PT{(long)h}H",
        { TotalMinutes: var m } when duration.Ticks % TimeSpan.TicksPerMinute == 0 => $"PT{(long)m}M",
        _ => $"PT{duration.TotalSeconds.ToString(CultureInfo.InvariantCulture)}S",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}
