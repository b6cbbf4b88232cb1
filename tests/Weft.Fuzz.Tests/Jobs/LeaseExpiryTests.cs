using System.Globalization;
using System.Text.Json;
using Weft.Fuzz.Tests.Generators;
using Weft.Fuzz.Tests.Support;

namespace Weft.Fuzz.Tests.Jobs;

/// <summary>
/// A worker that polls and then never answers: the server's sweeper takes its lease back after the lease runs out,
/// whatever retry backoff the definition asks for. A plain definition's job, locked last, shows whether one bad
/// definition stops the sweeper for everyone.
/// </summary>
public sealed class LeaseExpiryTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly string[] Backoffs = ["PT1S", "P3000000D", "P10675199D", "P10675199DT2H48M5.4775807S"];

    [Fact]
    public async Task Expired_leases_are_taken_back_whatever_the_retry_backoff()
    {
        // Every job's lease is one second (weft server --lease PT1S).
        await using var session = await FuzzSession.StartAsync(
            output, SeedMode.Fixed, $"{nameof(LeaseExpiryTests)}.{nameof(Expired_leases_are_taken_back_whatever_the_retry_backoff)}", lease: "PT1S");
        var uploads = Backoffs.Select((backoff, i) => Upload($"lease-{i.ToString(CultureInfo.InvariantCulture)}", backoff, $"retryBackoff initial and max {backoff}, lease PT1S"))
            .Append(Upload("lease-canary", null, "a plain definition whose job is locked last (the canary), lease PT1S"))
            .ToList();

        var locked = new List<(FuzzRequest Upload, FuzzAnswer Uploaded, string InstanceId, int Case)>();
        foreach (var (upload, id) in uploads)
        {
            session.Case++;
            var uploaded = await session.SendAsync(upload);
            if (!uploaded.IsSuccess)
            {
                continue; // Refused at upload: nothing to take back.
            }

            var started = await session.SendAsync(FuzzRequest.Json("POST", "/v1/instances", "/v1/instances", $"setup: start an instance of {id}",
                JsonText.Write(new JsonFields { { "definitionId", id } })) with { SweeperMayWrite = true });
            var polled = await session.SendAsync(FuzzRequest.Json("POST", "/v1/jobs/poll", "/v1/jobs/poll", $"a worker that never answers polls a job of: {upload.Label}",
                JsonText.Write(new JsonFields { { "workerId", "lazy-worker" }, { "jobTypes", new List<object?> { $"{id}-work" } }, { "maxJobs", 1 } })) with
            {
                SweeperMayWrite = true,
            });
            if (AnswerJson.Text(started, "id") is { } instanceId && Setup.Jobs(polled).Count == 1)
            {
                locked.Add((upload, uploaded, instanceId, session.Case));
            }
        }

        var deadline = DateTime.UtcNow + Wait;
        var waiting = locked.ToList();
        while (waiting.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            foreach (var item in waiting.ToList())
            {
                var history = await session.SendAsync(FuzzRequest.Get($"/v1/instances/{item.InstanceId}/history", "/v1/instances/{id}/history", "read history"));
                if (TakenBack(history))
                {
                    waiting.Remove(item);
                }
            }
        }

        foreach (var (upload, uploaded, instanceId, @case) in waiting)
        {
            session.Case = @case;
            var history = await session.SendAsync(FuzzRequest.Get($"/v1/instances/{instanceId}/history", "/v1/instances/{id}/history", "read history"));
            session.Record(Properties.LeasesTakenBack, upload, uploaded,
                $"{Wait.TotalSeconds:0} s after a one-second lease, the history still shows no failed attempt: {history}",
                outcome: $"{uploaded.Status}, then the lease was never taken back");
        }

        session.AssertNoViolations();
    }

    private static (FuzzRequest Upload, string Id) Upload(string id, string? backoff, string label)
    {
        var step = new JsonFields { { "id", "work" }, { "type", "SERVICE_TASK" }, { "jobType", $"{id}-work" }, { "retryCount", 1 } };
        if (backoff is not null)
        {
            step.Add("retryBackoff", new JsonFields { { "initial", backoff }, { "max", backoff } });
        }

        step.Add("nextStep", "end");
        var document = new JsonFields { { "id", id }, { "steps", new List<object?> { step, new JsonFields { { "id", "end" }, { "type", "END" } } } } };
        var upload = FuzzRequest.Json("POST", "/v1/definitions", "/v1/definitions", label, JsonText.Write(document)) with
        {
            SweeperMayWrite = true,
            ReadBack = Definitions.DefinitionRequests.ReadBackStored,
        };
        return (upload, id);
    }

    /// <summary>Whether the history has an attempt that failed (the sweeper took the lease back).</summary>
    private static bool TakenBack(FuzzAnswer history) =>
        AnswerJson.Parse(history) is { ValueKind: JsonValueKind.Object } page && page.TryGetProperty("items", out var rows)
        && rows.ValueKind == JsonValueKind.Array
        && rows.EnumerateArray().Any(r => r.TryGetProperty("status", out var s) && s.GetString() == "FAILED");
}
