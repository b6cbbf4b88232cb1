using Microsoft.Extensions.Logging;

namespace Weft.Worker.Running;

public sealed class RunnerOptions
{
    /// <summary>Names this worker to the server; default: machine name, process id and a random suffix.</summary>
    public string WorkerId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>How many jobs run at once.</summary>
    public int Parallelism { get; set; } = 64;

    /// <summary>Pause between polls when the last poll found no job.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(0.5);

    /// <summary>At most this many jobs per poll; null = as many as there are free slots.</summary>
    public int? MaxJobsPerPoll { get; set; }

    /// <summary>
    /// Long poll: how long the server may hold a poll open waiting for a job (it answers as soon as one is ready);
    /// 0 = off. Default 20 s: a worker with nothing to do costs the server one request per 20 s, and picks up new work
    /// at once.
    /// </summary>
    public int WaitMs { get; set; } = 20_000;

    /// <summary>While a handler runs, extend the job's lease this often; null = never.</summary>
    public TimeSpan? LeaseHeartbeat { get; set; }

    /// <summary>Longest pause after repeated failures to reach the server.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many times a completion or failure report is sent when the server cannot be reached.</summary>
    public int ReportAttempts { get; set; } = 5;

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    public ILogger? Logger { get; set; }
}
