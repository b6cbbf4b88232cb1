using Weft.Fuzz.Tests.Generators;
using Weft.Fuzz.Tests.Support;

namespace Weft.Fuzz.Tests.Jobs;

/// <summary>
/// Definitions whose one SERVICE_TASK has edge-case retries, retry backoff and lease (none shorter than an hour,
/// so that no lease runs out in the background during a run): what a fail, a heartbeat or a poll then computes with.
/// </summary>
public static class BackoffDefinitions
{
    private static readonly string[] Durations = ["PT0S", "PT1S", "PT0.001S", "P3000000D", "P10675199D", "P10675199DT2H48M5.4775807S"];
    private static readonly string[] Factors = ["1", "2", "1e308", "1.7976931348623157e308"];
    private static readonly string[] Leases = ["PT1H", "P3000000D", "P10675199D"];

    /// <summary>The definition (jobType <c>{id}-work</c>) as JSON, and what is odd about it.</summary>
    public static (string Json, string Label) Create(FuzzRandom random, string id)
    {
        var retries = random.Pick(1, 3, int.MaxValue);
        var step = new JsonFields { { "id", "work" }, { "type", "SERVICE_TASK" }, { "jobType", $"{id}-work" }, { "retryCount", retries } };
        var labels = new List<string> { $"retryCount {retries}" };
        var backoff = new JsonFields();
        if (random.Chance(0.7))
        {
            backoff.Add("initial", random.PickFrom(Durations));
        }

        if (random.Chance(0.5))
        {
            backoff.Add("max", random.PickFrom(Durations));
        }

        if (random.Chance(0.4))
        {
            backoff.Add("factor", new RawJson(random.PickFrom(Factors)));
        }

        if (backoff.Count > 0)
        {
            step.Add("retryBackoff", backoff);
            labels.Add($"retryBackoff {JsonText.Write(backoff)}");
        }

        if (random.Chance(0.3))
        {
            var lease = random.PickFrom(Leases);
            step.Add("timeout", lease);
            labels.Add($"timeout {lease}");
        }

        step.Add("nextStep", "end");
        var document = new JsonFields
        {
            { "id", id },
            { "steps", new List<object?> { step, new JsonFields { { "id", "end" }, { "type", "END" } } } },
        };
        return (JsonText.Write(document), string.Join(", ", labels));
    }
}
