using System.Diagnostics.Metrics;
using Weft.Engine.Instances;
using Weft.Engine.Storage;

namespace Weft.Engine.Events;

/// <summary>
/// The engine's instruments, on the meter named <see cref="MeterName"/>. Counters of job completions and failures are
/// fed from the events this process commits (the same ones the event table keeps); the gauges read one cheap count
/// query, at most every <see cref="CountsMaxAge"/>.
/// </summary>
public sealed class WeftMetrics : IDisposable
{
    public const string MeterName = "Weft";

    public static readonly TimeSpan CountsMaxAge = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The bucket bounds of the poll duration, in seconds: a claim takes about a millisecond on SQLite and should stay
    /// well under a second, so OpenTelemetry's default bounds (0 to 10,000, made for milliseconds) would put every
    /// poll in the first bucket.
    /// </summary>
    public static readonly IReadOnlyList<double> PollBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly IWeftStore _store;
    private readonly TimeProvider _time;
    private readonly Counter<long> _completions;
    private readonly Counter<long> _failures;
    private readonly Histogram<double> _pollDuration;
    private readonly Lock _countsGate = new();
    private StoreCounts? _counts;
    private long _countsReadAt;

    internal WeftMetrics(IWeftStore store, TimeProvider time, IMeterFactory? meters)
    {
        _store = store;
        _time = time;
        _ownsMeter = meters is null;
        _meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _completions = _meter.CreateCounter<long>("weft_job_completions", description: "Jobs completed by a worker, by job type.");
        _failures = _meter.CreateCounter<long>(
            "weft_job_failures", description: "Failed job attempts (reported failures and expired leases, retried or final), by job type.");
        _pollDuration = _meter.CreateHistogram<double>(
            "weft_poll_duration", unit: "s", description: "How long a poll's claim takes (not the long-poll wait).", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = PollBuckets });
        _meter.CreateObservableGauge("weft_instances", ObserveInstances, description: "Instances by status.");
        _meter.CreateObservableGauge("weft_jobs", ObserveJobs, description: "Open jobs: waiting for a worker, or locked by one.");
        _meter.CreateObservableGauge("weft_timers_due", () => Counts()?.TimersDue ?? 0, description: "Scheduled timers whose time has come.");
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    internal void Count(IReadOnlyList<DomainEvent> events)
    {
        foreach (var e in events)
        {
            if (e.Topic != EventTopics.Job || e.Data["jobType"]?.GetValue<string>() is not { } jobType)
            {
                continue;
            }

            var counter = e.Kind switch
            {
                "completed" => _completions,
                "failed" or "retrying" or "lockExpired" => _failures,
                _ => null,
            };
            counter?.Add(1, new KeyValuePair<string, object?>("job_type", jobType));
        }
    }

    internal void RecordPoll(TimeSpan duration) => _pollDuration.Record(duration.TotalSeconds);

    private IEnumerable<Measurement<long>> ObserveInstances()
    {
        var counts = Counts()?.Instances;
        return Enum.GetValues<InstanceStatus>().Select(status => new Measurement<long>(
            counts?.GetValueOrDefault(status) ?? 0,
            new KeyValuePair<string, object?>("status", StatusNames.Api(status))));
    }

    private IEnumerable<Measurement<long>> ObserveJobs()
    {
        var counts = Counts();
        return
        [
            new(counts?.JobsWaiting ?? 0, new KeyValuePair<string, object?>("state", "waiting")),
            new(counts?.JobsLocked ?? 0, new KeyValuePair<string, object?>("state", "locked")),
        ];
    }

    // The exporter observes synchronously, on a scrape; a failed count shows the last one read.
    private StoreCounts? Counts()
    {
        lock (_countsGate)
        {
            var now = _time.GetTimestamp();
            if (_counts is null || _time.GetElapsedTime(_countsReadAt, now) >= CountsMaxAge)
            {
                try
                {
                    _counts = _store.Events.GetCountsAsync(_time.UtcNowMillis()).GetAwaiter().GetResult();
                    _countsReadAt = now;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    CountingFailed?.Invoke(ex);
                }
            }

            return _counts;
        }
    }

    public event Action<Exception>? CountingFailed;
}
