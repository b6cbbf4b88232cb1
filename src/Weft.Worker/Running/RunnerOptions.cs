using Microsoft.Extensions.Logging;

namespace Weft.Worker.Running;

/// <summary>How a <see cref="Runner"/> polls, runs and reports jobs.</summary>
public class RunnerOptions
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

    /// <summary>
    /// How often the runner looks at the leases of its running jobs. At each look, the jobs whose lease ends within half
    /// its length (or within two intervals) are extended together, in one <c>POST /v1/jobs/heartbeat</c>; when none is
    /// due nothing is sent. Keep it under half the shortest lease your jobs get (the server's default is 30 s).
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// True (the default): a job whose handler returns is completed with what it returned. False: it is left running
    /// for another system to complete by its id; the runner neither completes nor heartbeats it after the handler
    /// returns (so the step's timeout, its lease, must cover the outside work). A handler that throws still fails it.
    /// </summary>
    public bool AutoComplete { get; set; } = true;

    /// <summary>Longest pause after repeated failures to reach the server.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many times a completion or failure report is sent when the server cannot be reached.</summary>
    public int ReportAttempts { get; set; } = 5;

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    public ILogger? Logger { get; set; }

    /// <summary>What is wrong with these options, one sentence each; empty when nothing is.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(WorkerId))
        {
            problems.Add("WorkerId is empty.");
        }
        else if (WorkerId.Length > 256)
        {
            problems.Add("WorkerId is longer than 256 characters.");
        }

        if (Parallelism < 1)
        {
            problems.Add($"Parallelism is {Parallelism}; it must be at least 1.");
        }

        if (MaxJobsPerPoll is < 1)
        {
            problems.Add($"MaxJobsPerPoll is {MaxJobsPerPoll}; it must be at least 1, or null for as many as there are free slots.");
        }

        if (PollInterval < TimeSpan.Zero)
        {
            problems.Add($"PollInterval is {PollInterval}; it cannot be negative.");
        }

        if (WaitMs < 0)
        {
            problems.Add($"WaitMs is {WaitMs}; it cannot be negative (0 turns long polls off).");
        }

        if (HeartbeatInterval <= TimeSpan.Zero)
        {
            problems.Add($"HeartbeatInterval is {HeartbeatInterval}; it must be positive.");
        }

        if (MaxBackoff < TimeSpan.Zero)
        {
            problems.Add($"MaxBackoff is {MaxBackoff}; it cannot be negative.");
        }

        if (ReportAttempts < 1)
        {
            problems.Add($"ReportAttempts is {ReportAttempts}; it must be at least 1.");
        }

        if (TimeProvider is null)
        {
            problems.Add("TimeProvider is null.");
        }

        return problems;
    }
}
