using System.Globalization;
using System.Text.RegularExpressions;
using Weft.Server.Tests.Support;
using Weft.Testing;

namespace Weft.Server.Tests.Events;

/// <summary>
/// GET /metrics: Prometheus text with Weft's instruments, their labels and values after some jobs. Alone: the exporter
/// listens to every meter named Weft in the process, and other tests' servers have one each.
/// </summary>
[Collection(MetricsTestGroup.Name)]
public sealed partial class MetricsTests
{
    [Fact]
    public async Task Metrics_show_instances_jobs_completions_failures_polls_and_due_timers()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        await using var server = await WeftTestServer.StartAsync(time);
        await server.Client.UploadDefinitionAsync(TestDefinitions.Single("metered", "metered-job"));
        await server.Client.UploadDefinitionAsync(TestDefinitions.Single("failing", "failing-job"));
        for (var i = 0; i < 3; i++)
        {
            await server.Client.StartInstanceAsync("metered");
        }

        await server.Client.StartInstanceAsync("failing");
        foreach (var job in await server.Client.PollJobsAsync("w", ["metered-job"], 2))
        {
            await server.Client.CompleteJobAsync(job.Id, "w", null);
        }

        await server.Client.PollJobsAsync("w", ["metered-job"], 1); // the third stays locked
        var failing = Assert.Single(await server.Client.PollJobsAsync("w", ["failing-job"], 1));
        await server.Client.FailJobAsync(failing.Id, "w", "boom", retryable: false);

        var metrics = Parse(await server.Http.GetStringAsync("/metrics"));

        Assert.Equal(2, metrics[("weft_job_completions_total", "job_type=metered-job")]);
        Assert.Equal(1, metrics[("weft_job_failures_total", "job_type=failing-job")]);
        Assert.False(metrics.ContainsKey(("weft_job_failures_total", "job_type=metered-job")));
        Assert.Equal(1, metrics[("weft_instances", "status=ACTIVE")]);
        Assert.Equal(2, metrics[("weft_instances", "status=COMPLETED")]);
        Assert.Equal(1, metrics[("weft_instances", "status=FAILED")]);
        Assert.Equal(0, metrics[("weft_jobs", "state=waiting")]);
        Assert.Equal(1, metrics[("weft_jobs", "state=locked")]);
        Assert.Equal(0, metrics[("weft_timers_due", "")]);
        Assert.Equal(3, metrics[("weft_poll_duration_seconds_count", "")]);
    }

    [Fact]
    public async Task The_poll_duration_histogram_has_second_scale_buckets_from_a_millisecond_to_thirty_seconds()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        await using var server = await WeftTestServer.StartAsync(time);
        await server.Client.PollJobsAsync("w", ["nothing"], 1);

        var metrics = Parse(await server.Http.GetStringAsync("/metrics"));

        var bounds = metrics.Keys
            .Where(k => k.Name == "weft_poll_duration_seconds_bucket")
            .Select(k => k.Labels.Split(',').Single(l => l.StartsWith("le=", StringComparison.Ordinal))[3..])
            .ToList();
        Assert.Equal(
            ["0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "30", "+Inf"],
            bounds.OrderBy(b => b == "+Inf" ? double.PositiveInfinity : double.Parse(b, CultureInfo.InvariantCulture)));
        Assert.Equal(1, metrics[("weft_poll_duration_seconds_bucket", "le=+Inf")]);
        Assert.Equal(1, metrics[("weft_poll_duration_seconds_bucket", "le=30")]);
    }

    /// <summary>Each sample line of Weft's metrics by name and labels (without the scope label, sorted, <c>k=v</c> joined by commas).</summary>
    private static Dictionary<(string Name, string Labels), double> Parse(string text)
    {
        var samples = new Dictionary<(string, string), double>();
        foreach (var line in text.Split('\n'))
        {
            if (Sample().Match(line) is not { Success: true } match || !match.Groups["name"].Value.StartsWith("weft_", StringComparison.Ordinal))
            {
                continue;
            }

            var labels = Label().Matches(match.Groups["labels"].Value)
                .Select(l => (Key: l.Groups["key"].Value, Value: l.Groups["value"].Value))
                .Where(l => !l.Key.StartsWith("otel_", StringComparison.Ordinal))
                .OrderBy(l => l.Key, StringComparer.Ordinal)
                .Select(l => $"{l.Key}={l.Value}");
            samples[(match.Groups["name"].Value, string.Join(',', labels))] = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        }

        return samples;
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)""")]
    private static partial Regex Sample();

    [GeneratedRegex(""""(?<key>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>[^"]*)"""")]
    private static partial Regex Label();
}
