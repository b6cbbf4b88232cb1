using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Worker.Client;
using Weft.Worker.Tasks;

namespace Weft.Worker.Handlers;

/// <summary>What a handler gets: the job and the instance variables it works on, progress reports and stop signals.</summary>
public sealed class JobContext : IJobContext
{
    private readonly Func<double, string?, Task>? _reportProgress;

    /// <summary>A context whose progress reports go nowhere, on the system clock (for a handler's unit test).</summary>
    public JobContext(ActivatedJob job, CancellationToken cancellationToken = default)
        : this(job, reportProgress: null, timeProvider: null, shutdownToken: default, cancellationToken)
    {
    }

    /// <param name="job">The job as polled.</param>
    /// <param name="reportProgress">Sends a progress report (the <c>Runner</c> posts it to the server); null: reports go nowhere.</param>
    /// <param name="timeProvider">The clock for <see cref="DelayAsync"/>; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="shutdownToken">Fires when the worker is aborted.</param>
    /// <param name="cancellationToken">Fires when the job's result would be refused (instance cancelled, lease lost).</param>
    public JobContext(
        ActivatedJob job,
        Func<double, string?, Task>? reportProgress,
        TimeProvider? timeProvider,
        CancellationToken shutdownToken,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        Job = job;
        Variables = job.Variables ?? [];
        CancellationToken = cancellationToken;
        ShutdownToken = shutdownToken;
        _reportProgress = reportProgress;
        TimeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The job as the poll returned it.</summary>
    public ActivatedJob Job { get; }

    public string Id => Job.Id;

    public string JobId => Job.Id;

    public string JobType => Job.JobType;

    public string InstanceId => Job.InstanceId;

    public string StepId => Job.StepId;

    public string StepExecutionId => Job.StepExecutionId;

    public int RetriesRemaining => Job.RetriesRemaining;

    /// <summary>The instance variables when the job was handed out.</summary>
    public JsonObject Variables { get; }

    /// <summary>
    /// Fires when the job's result would be refused: the server answered a heartbeat, a progress report or a report
    /// that the job is no longer this worker's (its instance was cancelled, or its lease was taken back). The job is
    /// then not reported. Stopping the runner does not fire it: running jobs are drained.
    /// </summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Fires when the worker is aborted (a second stop signal); the job is then not reported.</summary>
    public CancellationToken ShutdownToken { get; }

    public TimeProvider TimeProvider { get; }

    public async Task ReportProgressAsync(double percent, string? message = null)
    {
        if (!double.IsFinite(percent) || percent is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "Progress is a percentage from 0 to 100.");
        }

        CancellationToken.ThrowIfCancellationRequested();
        if (_reportProgress is not null)
        {
            await _reportProgress(percent, message);
        }
    }

    public async Task DelayAsync(TimeSpan delay)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken, ShutdownToken);
        await Task.Delay(delay, TimeProvider, either.Token);
    }

    /// <summary>
    /// The variable <paramref name="name"/> as <typeparamref name="T"/>: a JSON primitive (<c>int</c>, <c>long</c>,
    /// <c>double</c>, <c>decimal</c>, <c>bool</c>, <c>string</c>, <c>DateTimeOffset</c>, <c>Guid</c>, ...) or a
    /// <see cref="JsonNode"/> type. Missing, null or of another type: <see cref="NonRetryableException"/>.
    /// </summary>
    public T GetVariable<T>(string name) =>
        TryGetNode(name, out var node)
            ? Convert<T>(name, node)
            : throw new NonRetryableException(
                $"Job type '{JobType}' needs the variable '{name}' ({TypeName<T>()}), but the instance has no such variable.");

    /// <summary>Like <see cref="GetVariable{T}"/>, but a missing or null variable gives <paramref name="defaultValue"/>.</summary>
    public T GetVariable<T>(string name, T defaultValue) =>
        TryGetNode(name, out var node) ? Convert<T>(name, node) : defaultValue;

    private bool TryGetNode(string name, out JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(name);
        var found = Variables.TryGetPropertyValue(name, out var value) && value is not null;
        node = value!;
        return found;
    }

    private T Convert<T>(string name, JsonNode node)
    {
        if (node is T same)
        {
            return same;
        }

        if (node is JsonValue value)
        {
            if (value.TryGetValue<T>(out var result))
            {
                return result;
            }

            // A value built in code (JsonValue.Create(5)) only converts to its own CLR type; the parsed form of the
            // same JSON converts to every type it fits (5 → int, long, double, ...).
            if (JsonNode.Parse(value.ToJsonString()) is JsonValue parsed && parsed.TryGetValue(out result))
            {
                return result;
            }
        }

        throw new NonRetryableException(
            $"Job type '{JobType}' needs the variable '{name}' to be {TypeName<T>()}, " +
            $"but it is {Describe(node.GetValueKind())}: {Shorten(node.ToJsonString())}.");
    }

    private static string TypeName<T>()
    {
        var type = typeof(T);
        return type == typeof(int) || type == typeof(long) || type == typeof(short) ? "an integer"
            : type == typeof(double) || type == typeof(float) || type == typeof(decimal) ? "a number"
            : type == typeof(bool) ? "a boolean"
            : type == typeof(string) ? "a string"
            : type == typeof(JsonObject) ? "an object"
            : type == typeof(JsonArray) ? "an array"
            : $"a {type.Name}";
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string Shorten(string json) => json.Length <= 80 ? json : json[..77] + "...";
}
