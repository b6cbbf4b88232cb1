using System.Globalization;
using Weft.Fuzz.Tests.Generators;
using Weft.Fuzz.Tests.Support;

namespace Weft.Fuzz.Tests.Jobs;

/// <summary>Generated requests for the worker routes: poll, complete, fail and heartbeat.</summary>
public static class JobRequests
{
    public const string Poll = "/v1/jobs/poll";
    public const string Complete = "/v1/jobs/{id}/complete";
    public const string Fail = "/v1/jobs/{id}/fail";
    public const string Heartbeat = "/v1/jobs/{id}/heartbeat";

    private const string WrongType = "docs/api.md: a field of the wrong type is a 400";

    /// <param name="jobType">A job type to ask for.</param>
    /// <param name="readyJobType">A job type with a job ready: used with long waits, so that a poll that works answers at once.</param>
    public static FuzzRequest PollJobs(FuzzRandom random, string jobType, string readyJobType, out bool needsReadyJob)
    {
        needsReadyJob = false;
        var body = new JsonFields { { "workerId", "fuzz-poller" }, { "jobTypes", new List<object?> { jobType } }, { "maxJobs", 1 }, { "waitMs", 0 } };
        string label;
        string? mustFail = null;
        switch (random.Between(0, 11))
        {
            case 0:
                (var worker, label) = HostileStrings.Any(random);
                body.Set("workerId", worker);
                label = $"workerId: {label}";
                mustFail = worker.Length > 256 ? "docs/api.md: workerId is at most 256 characters" : null;
                break;
            case 1:
                var wrongWorker = random.Pick<object?>(5, true, new JsonFields(), new List<object?> { "w" }, null);
                body.Set("workerId", wrongWorker);
                label = $"workerId {JsonText.Write(wrongWorker)}";
                mustFail = wrongWorker is null ? "docs/api.md: no workerId is a 400" : WrongType;
                break;
            case 2:
            case 3:
                var types = Enumerable.Range(0, random.Between(1, 3)).Select(_ => HostileStrings.Any(random)).ToList();
                body.Set("jobTypes", types.Select(t => (object?)t.Value).ToList());
                label = $"jobTypes: {string.Join(", ", types.Select(t => t.Label))}";
                break;
            case 4:
                var count = random.Pick(2_000, 40_000); // the corpus sends 100,000
                body.Set("jobTypes", Enumerable.Range(0, count).Select(i => (object?)$"type-{i}").ToList());
                label = $"{count:N0} jobTypes";
                break;
            case 5:
                var wrongTypes = random.Pick<object?>(new List<object?>(), "fx-work", 5, new List<object?> { 1, 2 }, new JsonFields(), null, new List<object?> { null });
                body.Set("jobTypes", wrongTypes);
                label = $"jobTypes {JsonText.Write(wrongTypes)}";
                mustFail = wrongTypes is List<object?> { Count: 1 } list && list[0] is null ? null
                    : wrongTypes is List<object?> { Count: 0 } or null ? "docs/api.md: jobTypes lists at least one job type" : WrongType;
                break;
            case 6:
            case 7:
                var (maxText, maxLabel, maxNotWhole) = random.PickFrom(HostileNumbers.ForIntFields);
                body.Set("maxJobs", new RawJson(maxText));
                label = $"maxJobs {maxLabel}";
                mustFail = maxNotWhole ? WrongType : IsBelow(maxText, 1) ? "docs/api.md: maxJobs below 1 is a 400" : null;
                break;
            case 8:
            case 9:
                var (waitText, waitLabel, waitNotWhole) = random.PickFrom(HostileNumbers.ForIntFields);
                body.Set("waitMs", new RawJson(waitText));
                body.Set("jobTypes", new List<object?> { readyJobType });
                needsReadyJob = true;
                label = $"waitMs {waitLabel}";
                mustFail = waitNotWhole ? WrongType : IsBelow(waitText, 0) ? "docs/api.md: a negative waitMs is a 400" : null;
                break;
            case 10:
                body.Add(random.Pick("maxJobs", "workerId", "jobTypes", "extra"), random.Pick<object?>("5", "other", new List<object?> { "x" }, 1));
                label = "a duplicate or unknown field";
                break;
            default:
                var (whole, wholeLabel, wholeMustFail) = BodyMutations.Whole(random, JsonText.Write(body), required: true);
                return new FuzzRequest("POST", Poll, Poll, wholeLabel) { ContentType = "application/json", Body = whole, MustFail = wholeMustFail };
        }

        return FuzzRequest.Json("POST", Poll, Poll, label, JsonText.Write(body)) with { MustFail = mustFail };
    }

    /// <summary>The fixed run's systematic polls: every hostile number as maxJobs and as waitMs, every hostile string as a job type, many job types.</summary>
    public static IEnumerable<(FuzzRequest Request, bool NeedsReadyJob)> PollCorpus(string jobType, string readyJobType)
    {
        JsonFields Body(string type) => new() { { "workerId", "fuzz-poller" }, { "jobTypes", new List<object?> { type } }, { "maxJobs", 1 }, { "waitMs", 0 } };
        foreach (var (text, label, notWhole) in HostileNumbers.ForIntFields)
        {
            var maxJobs = Body(jobType);
            maxJobs.Set("maxJobs", new RawJson(text));
            yield return (FuzzRequest.Json("POST", Poll, Poll, $"maxJobs {label}", JsonText.Write(maxJobs)) with
            {
                MustFail = notWhole ? WrongType : IsBelow(text, 1) ? "docs/api.md: maxJobs below 1 is a 400" : null,
            }, false);
            var waitMs = Body(readyJobType);
            waitMs.Set("waitMs", new RawJson(text));
            yield return (FuzzRequest.Json("POST", Poll, Poll, $"waitMs {label}", JsonText.Write(waitMs)) with
            {
                MustFail = notWhole ? WrongType : IsBelow(text, 0) ? "docs/api.md: a negative waitMs is a 400" : null,
            }, true);
        }

        foreach (var (value, label) in HostileStrings.All)
        {
            var types = Body(jobType);
            types.Set("jobTypes", new List<object?> { value });
            yield return (FuzzRequest.Json("POST", Poll, Poll, $"jobTypes: {label}", JsonText.Write(types)), false);
        }

        foreach (var count in new[] { 2_000, 100_000 })
        {
            var many = Body(jobType);
            many.Set("jobTypes", Enumerable.Range(0, count).Select(i => (object?)$"type-{i}").ToList());
            yield return (FuzzRequest.Json("POST", Poll, Poll, $"{count:N0} jobTypes", JsonText.Write(many)), false);
        }
    }

    /// <summary>The fixed run's systematic requests on held jobs: every kind of hostile variables in a completion, every hostile error message.</summary>
    public static IEnumerable<Func<HeldJob, FuzzRequest>> HeldJobCorpus(FuzzRandom random)
    {
        for (var kind = 0; kind < HostileJson.Kinds; kind++)
        {
            var (variables, label) = HostileJson.Object(kind, random);
            yield return job => OnHeldJob(Complete, job, new JsonFields { { "workerId", job.WorkerId }, { "variables", variables } }, $"variables: {label}");
        }

        var messages = HostileStrings.All.Append((new string('e', 64 * 1024), "64 KiB")).Append((new string('e', 3 * 1024 * 1024), "3,072 KiB"));
        foreach (var (message, label) in messages)
        {
            yield return job => OnHeldJob(Fail, job, new JsonFields { { "workerId", job.WorkerId }, { "errorMessage", message } }, $"errorMessage: {label}");
        }

        foreach (var retryable in new object?[] { false, null, "yes", 1 })
        {
            yield return job => OnHeldJob(Fail, job, new JsonFields { { "workerId", job.WorkerId }, { "retryable", retryable } },
                $"retryable {JsonText.Write(retryable)}") with { MustFail = retryable is string or int ? WrongType : null };
        }
    }

    private static FuzzRequest OnHeldJob(string route, HeldJob job, JsonFields body, string label) =>
        FuzzRequest.Json("POST", route.Replace("{id}", job.JobId, StringComparison.Ordinal), route, $"{label}; job of {job.Definition}", JsonText.Write(body)) with
        {
            ReadBack = _ => ReadBack(job),
        };

    /// <summary>A complete, fail or heartbeat of a held job with one thing wrong in the body (or none).</summary>
    public static FuzzRequest ForHeldJob(FuzzRandom random, string route, HeldJob job)
    {
        var path = route.Replace("{id}", job.JobId, StringComparison.Ordinal);
        var body = new JsonFields { { "workerId", job.WorkerId } };
        if (route == Complete && random.Chance(0.5))
        {
            body.Add("variables", new JsonFields { { "done", true } });
        }

        if (route == Fail)
        {
            body.Add("errorMessage", "it broke");
        }

        string label;
        string? mustFail = null;
        switch (random.Between(0, 9))
        {
            case 0:
            case 1:
                label = "valid";
                break;
            case 2:
                body.Set("workerId", "thief");
                label = "a worker that does not hold the lease";
                mustFail = "docs/api.md: only the worker holding the lease may do this (409)";
                break;
            case 3:
                var wrong = random.Pick<object?>(5, true, new JsonFields(), null);
                body.Set("workerId", wrong);
                if (wrong is null && random.Chance(0.5))
                {
                    body.Remove("workerId");
                }

                label = $"workerId {JsonText.Write(wrong)}";
                mustFail = wrong is null ? "docs/api.md: no workerId is a 400" : WrongType;
                break;
            case 4:
            case 5:
                (label, mustFail) = MutateRouteField(random, route, body, job.WorkerId);
                break;
            case 6:
                body.Add(random.Pick("workerId", "extra", "variables", "retryable"), random.Pick<object?>(job.WorkerId, "other", 1, new JsonFields()));
                label = "a duplicate or unknown field";
                break;
            default:
                var (whole, wholeLabel, wholeMustFail) = BodyMutations.Whole(random, JsonText.Write(body), required: true);
                return new FuzzRequest("POST", path, route, $"{wholeLabel}; job of {job.Definition}")
                {
                    ContentType = "application/json",
                    Body = whole,
                    MustFail = wholeMustFail,
                    ReadBack = _ => ReadBack(job),
                };
        }

        return FuzzRequest.Json("POST", path, route, $"{label}; job of {job.Definition}", JsonText.Write(body)) with
        {
            MustFail = mustFail,
            ReadBack = _ => ReadBack(job),
        };
    }

    /// <summary>A complete, fail or heartbeat with a valid body, aimed at a job id that is unknown, odd or already completed.</summary>
    public static FuzzRequest ForOtherJob(FuzzRandom random, string route, IReadOnlyList<HeldJob> completed)
    {
        var done = random.Chance(0.3) && completed.Count > 0;
        var (segment, label) = done ? (random.PickFrom(completed).JobId, "a completed job") : HostilePaths.Any(random);
        var body = route == Fail ? """{"workerId":"fuzz-worker","errorMessage":"x"}""" : """{"workerId":"fuzz-worker"}""";
        return FuzzRequest.Json("POST", route.Replace("{id}", segment, StringComparison.Ordinal), route, $"job id: {label}", body) with
        {
            // Completing a completed job again may be the same completion retried, which docs/api.md answers 204.
            MustFail = done && route == Complete ? null
                : done ? "docs/api.md: a completed job cannot fail or be heartbeated (409)"
                : "there is no job with this id (docs/api.md: 404)",
        };
    }

    private static (string Label, string? MustFail) MutateRouteField(FuzzRandom random, string route, JsonFields body, string holder)
    {
        if (route == Complete)
        {
            if (random.Chance(0.75))
            {
                var (variables, label) = HostileJson.Object(random);
                body.Set("variables", variables);
                return ($"variables: {label}", null);
            }

            var notObject = random.Pick<object?>(new List<object?>(), "x", 1, true);
            body.Set("variables", notObject);
            return ($"variables is {JsonText.Write(notObject)}", "docs/api.md: variables that are not an object are a 400");
        }

        if (route == Fail)
        {
            switch (random.Between(0, 3))
            {
                case 0:
                    var (message, label) = HostileStrings.Any(random);
                    body.Set("errorMessage", message);
                    return ($"errorMessage: {label}", null);
                case 1:
                    var size = random.Pick(64 * 1024, 3 * 1024 * 1024);
                    body.Set("errorMessage", new string('e', size));
                    return ($"errorMessage of {size / 1024:N0} KiB", null);
                case 2:
                    var retryable = random.Pick<object?>(false, true, null, "yes", 1);
                    body.Set("retryable", retryable);
                    return ($"retryable {JsonText.Write(retryable)}", retryable is string or int ? WrongType : null);
                default:
                    var wrong = random.Pick<object?>(5, new JsonFields(), new List<object?>());
                    body.Set("errorMessage", wrong);
                    return ($"errorMessage {JsonText.Write(wrong)}", WrongType);
            }
        }

        var (worker, workerLabel) = HostileStrings.Any(random);
        body.Set("workerId", worker);
        return ($"workerId: {workerLabel}", worker == holder ? null : "the worker holding the lease has another name (docs/api.md: 409, or 400)");
    }

    private static IEnumerable<FuzzRequest> ReadBack(HeldJob job) =>
    [
        FuzzRequest.Get($"/v1/instances/{job.InstanceId}", "/v1/instances/{id}", "read back"),
        FuzzRequest.Get($"/v1/instances/{job.InstanceId}/history", "/v1/instances/{id}/history", "read back"),
    ];

    private static bool IsBelow(string text, double limit) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value < limit;
}
