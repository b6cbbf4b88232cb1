namespace Weft.Engine;

public sealed class WeftEngineOptions
{
    /// <summary>How long a worker holds a job after polling it before the job may be handed to another worker.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest accepted size of an instance's variables, serialized as JSON.</summary>
    public int MaxVariablesBytes { get; set; } = 1024 * 1024;

    /// <summary>Most jobs handed out by one poll, whatever the worker asks for.</summary>
    public int MaxJobsPerPoll { get; set; } = 256;

    /// <summary>Longest long-poll a worker may ask for.</summary>
    public TimeSpan MaxPollWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often a waiting long poll looks again without being told. A job made on this node, or on another node of
    /// a PostgreSQL database, wakes waiting polls at once; a retry whose backoff ends or a lease taken back on another
    /// node sends no notice, so such jobs wait up to this long for a waiting worker.
    /// </summary>
    public TimeSpan LongPollRecheck { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Most steps one change of an instance may enter before it waits for something; a definition that loops through
    /// decisions and transformations forever fails its instance with a clear reason instead of spinning.
    /// </summary>
    public int MaxStepsPerAdvance { get; set; } = 1000;

    /// <summary>Backoff between retries of a failed job when its step does not set <c>retryBackoff</c>.</summary>
    public RetryBackoffPolicy DefaultRetryBackoff { get; set; } = new(TimeSpan.FromSeconds(1), 2.0, TimeSpan.FromMinutes(5), 0);

    /// <summary>How long the event table keeps an event (<c>GET /v1/events</c> resumes within it).</summary>
    public TimeSpan EventRetention { get; set; } = DefaultEventRetention;

    public static readonly TimeSpan DefaultEventRetention = TimeSpan.FromDays(1);

    public static readonly TimeSpan MinEventRetention = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan MaxEventRetention = TimeSpan.FromDays(365);
}
