using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Weft.Cli.Watching;

/// <summary>
/// What <c>weft watch</c> knows, built from the event stream: the unfinished instances (from the snapshot, then kept
/// up to date), the jobs running now with their latest progress, and a line for each change worth a person's eye.
/// </summary>
internal sealed class WatchBoard
{
    private const int KeptLines = 12;

    private readonly Dictionary<string, WatchedInstance> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RunningJob> _jobs = new(StringComparer.Ordinal);
    private readonly Queue<string> _recent = new();

    public IReadOnlyDictionary<string, int> Counts { get; private set; } = new Dictionary<string, int>();

    /// <summary>The jobs running now, oldest first.</summary>
    public IEnumerable<RunningJob> RunningJobs => _jobs.Values.OrderBy(job => job.LockedAt);

    /// <summary>The latest change lines, oldest first.</summary>
    public IEnumerable<string> RecentLines => _recent;

    public int ActiveInstances => _instances.Values.Count(i => i.Status is not ("COMPLETED" or "FAILED" or "CANCELLED"));

    /// <summary>Takes one item of the stream; returns the change lines it makes (none for most token events).</summary>
    public IReadOnlyList<string> Apply(string eventType, string data)
    {
        JsonObject json;
        try
        {
            json = JsonNode.Parse(data) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            return [];
        }

        var lines = eventType switch
        {
            "snapshot" => ApplySnapshot(json),
            "reset" => ApplyReset(json),
            _ => ApplyEvent(json),
        };
        foreach (var line in lines)
        {
            _recent.Enqueue(line);
            if (_recent.Count > KeptLines)
            {
                _recent.Dequeue();
            }
        }

        return lines;
    }

    private List<string> ApplySnapshot(JsonObject snapshot)
    {
        _instances.Clear();
        _jobs.Clear();
        Counts = (snapshot["counts"] as JsonObject ?? []).ToDictionary(
            pair => pair.Key, pair => pair.Value is JsonValue value && value.TryGetValue<int>(out var count) ? count : 0, StringComparer.Ordinal);
        foreach (var instance in (snapshot["instances"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (Text(instance, "id") is { } id)
            {
                _instances[id] = new WatchedInstance(id, Text(instance, "definitionId") ?? "?", Text(instance, "businessKey"), Text(instance, "status") ?? "?");
            }
        }

        var truncated = snapshot["truncated"] is JsonValue flag && flag.TryGetValue<bool>(out var more) && more ? " (the first 1,000)" : "";
        return [$"{_instances.Count} unfinished instance(s){truncated}: {string.Join(", ", Counts.Select(c => $"{c.Key} {c.Value}"))}".TrimEnd(' ', ':')];
    }

    private static List<string> ApplyReset(JsonObject reset) => [$"reset: {Text(reset, "message") ?? "the server sends a new snapshot"}"];

    private List<string> ApplyEvent(JsonObject change)
    {
        var topic = Text(change, "topic");
        var kind = Text(change, "kind") ?? "?";
        var instanceId = Text(change, "instanceId") ?? "?";
        var data = change["data"] as JsonObject ?? [];
        var at = DateTimeOffset.TryParse(Text(change, "at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUniversalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture)
            : "--:--:--";
        var instance = Instance(instanceId, Text(change, "definitionId"), Text(data, "businessKey"));
        var step = Text(change, "stepId");
        var prefix = $"{at}  {instance.Label}";
        switch (topic)
        {
            case "instance" when kind is "held" or "released":
                return [$"{prefix}  {step}: {kind}"]; // an operator's hold on a step, not a change of the instance's status
            case "instance":
                var before = instance.Status;
                instance.Status = Text(data, "status") ?? instance.Status;
                if (instance.Status is "COMPLETED" or "FAILED" or "CANCELLED")
                {
                    _instances.Remove(instanceId);
                    foreach (var job in _jobs.Values.Where(j => j.InstanceId == instanceId).ToList())
                    {
                        _jobs.Remove(job.Id);
                    }
                }

                Count(before, -1);
                Count(instance.Status, +1);
                var reason = Text(data, "error") is { } failure ? $": {failure}" : "";
                return [$"{prefix}  {kind} → {instance.Status}{reason}"];
            case "job":
                return ApplyJob(change, kind, instance, step, data, prefix);
            case "progress":
                if (Text(change, "entityId") is { } progressed && _jobs.TryGetValue(progressed, out var reported))
                {
                    reported.Percent = data["percent"] is JsonValue p && p.TryGetValue<double>(out var percent) ? percent : reported.Percent;
                    reported.Message = Text(data, "message");
                }

                return [$"{prefix}  {step}: {FormatPercent(data["percent"])}{(Text(data, "message") is { } message ? $" {message}" : "")}"];
            case "userTask":
                return [$"{prefix}  {step}: user task {kind}"];
            case "timer":
                return kind == "fired" ? [$"{prefix}  {step}: timer fired"] : [];
            default:
                return [];
        }
    }

    private List<string> ApplyJob(JsonObject change, string kind, WatchedInstance instance, string? step, JsonObject data, string prefix)
    {
        var jobId = Text(change, "entityId") ?? "?";
        switch (kind)
        {
            case "locked":
                var worker = Text(data, "workerId") ?? "?";
                _jobs[jobId] = new RunningJob(jobId, instance.Id, instance.Label, step ?? "?", worker, Text(change, "at") ?? "");
                return [$"{prefix}  {step}: taken by {worker}"];
            case "completed" or "failed" or "retrying" or "lockExpired" or "cancelled":
                _jobs.Remove(jobId);
                var error = Text(data, "error") is { } text ? $": {text}" : "";
                return [$"{prefix}  {step}: {kind}{error}"];
            default:
                return kind is "held" or "released" ? [$"{prefix}  {step}: {kind}"] : [];
        }
    }

    private WatchedInstance Instance(string id, string? definitionId, string? businessKey)
    {
        if (!_instances.TryGetValue(id, out var instance))
        {
            instance = _instances[id] = new WatchedInstance(id, definitionId ?? "?", businessKey, "?");
        }

        instance.BusinessKey ??= businessKey;
        return instance;
    }

    private void Count(string status, int by)
    {
        if (status == "?")
        {
            return;
        }

        var counts = new Dictionary<string, int>(Counts, StringComparer.Ordinal);
        counts[status] = Math.Max(0, counts.GetValueOrDefault(status) + by);
        Counts = counts;
    }

    private static string FormatPercent(JsonNode? percent) =>
        percent is JsonValue value && value.TryGetValue<double>(out var number) ? $"{number.ToString("0.#", CultureInfo.InvariantCulture)}%" : "?%";

    private static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
