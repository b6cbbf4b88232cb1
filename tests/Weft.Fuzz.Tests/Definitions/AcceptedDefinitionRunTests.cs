using System.Globalization;
using System.Text.Json;
using Weft.Fuzz.Tests.Generators;
using Weft.Fuzz.Tests.Support;

namespace Weft.Fuzz.Tests.Definitions;

/// <summary>
/// Every definition the server accepts can run: an instance of it reaches COMPLETED when a trivial worker (one that
/// completes every job it polls, with no variables) serves it over HTTP. A definition that cannot run must be
/// refused at upload instead.
/// </summary>
public sealed class AcceptedDefinitionRunTests(ITestOutputHelper output)
{
    private const string Worker = "trivial-worker";

    /// <summary>How long the run may go on without any job completing or instance ending before the rest count as stuck.</summary>
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(5);

    // More cases (WEFT_FUZZ_SCALE) mean more steps to work through: the deadline grows with them; Stall still catches a stuck run.
    // A chain of 600 steps takes some 15 s on a quiet machine and has taken over 40 s on a busy one.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(FuzzSettings.Cases(120));

    /// <summary>How many steps of one instance the worker takes in a row before it turns to the next instance.</summary>
    private const int MaxStepsPerTurn = 100;

    /// <summary>After this many times the same trouble in a row, the instance counts as stuck.</summary>
    private const int GiveUpAfter = 4;

    [Theory]
    [InlineData(SeedMode.Fixed)]
    [InlineData(SeedMode.Random)]
    public async Task Every_accepted_definition_runs_to_COMPLETED_with_a_trivial_worker(SeedMode seed)
    {
        // The default lease is short here (as a real server's is), so that leases taken back by the sweeper are part of the run.
        await using var session = await FuzzSession.StartAsync(
            output, seed, $"{nameof(AcceptedDefinitionRunTests)}.{nameof(Every_accepted_definition_runs_to_COMPLETED_with_a_trivial_worker)}",
            lease: "PT30S");

        // Upload first, while no job exists and the database changes only by request (so a 4xx is checked to change nothing).
        // The fixed run starts with the corpus: every hostile duration, number, string and JSON value in one field.
        var definitions = seed == SeedMode.Fixed ? DefinitionCorpus.Definitions(session.Random).ToList() : [];
        var cases = FuzzSettings.Cases(70);
        for (var i = 1; i <= cases; i++)
        {
            definitions.Add(Generate(session.Random, i));
        }

        var accepted = new List<Run>();
        foreach (var definition in definitions)
        {
            session.Case++;
            var upload = DefinitionRequests.UploadOf(session.Random, definition, oddContentType: false);
            var restarts = session.Restarts;
            var answer = await session.SendAsync(upload);
            if (answer.IsSuccess && session.Restarts == restarts && Run.From(upload, answer, session.Case) is { } run)
            {
                accepted.Add(run);
            }
        }

        var generation = session.Restarts;
        await StartAsync(session, accepted);
        if (session.Restarts == generation)
        {
            await DriveAsync(session, accepted.Where(r => r.InstanceId is not null).ToList());
        }

        output.WriteLine($"{accepted.Count} of {definitions.Count} definitions were accepted and run.");
        session.AssertNoViolations();
    }

    /// <summary>
    /// A mutated definition; most of the time one the docs do not require the server to refuse, so that most runs get
    /// to the trivial worker. Its steps have ids of its own, so that no two definitions share a default job type.
    /// </summary>
    private static GeneratedDefinition Generate(FuzzRandom random, int @case)
    {
        var id = $"run-{@case.ToString(CultureInfo.InvariantCulture)}";
        var prefix = $"r{@case.ToString(CultureInfo.InvariantCulture)}s";
        var definition = DefinitionGenerator.Mutated(random, id, prefix);
        for (var tries = 0; tries < 10 && definition.MustFail is not null && random.Chance(0.8); tries++)
        {
            definition = DefinitionGenerator.Mutated(random, id, prefix);
        }

        return definition;
    }

    private static async Task StartAsync(FuzzSession session, List<Run> runs)
    {
        foreach (var run in runs)
        {
            session.Case = run.Case;
            var start = FuzzRequest.Json("POST", "/v1/instances", "/v1/instances", $"start an instance of: {run.Upload.Label}",
                JsonText.Write(new JsonFields { { "definitionId", run.Id }, { "version", run.Version } })) with { SweeperMayWrite = true };
            var answer = await session.SendAsync(start);
            run.InstanceId = answer.Status == 201 ? AnswerJson.Text(answer, "id") : null;
            if (run.InstanceId is null)
            {
                session.Record(Properties.RunsToEnd, run.Upload, run.Uploaded, $"starting an instance answered {answer}",
                    outcome: $"{run.Uploaded.Status}, then start → {answer.Status?.ToString(CultureInfo.InvariantCulture) ?? "no answer"}");
            }
        }
    }

    /// <summary>
    /// The trivial worker: reads each instance, polls its current step's job type and completes every job it gets,
    /// step after step while that works; an instance that shows the same trouble a few times in a row is given up.
    /// </summary>
    private static async Task DriveAsync(FuzzSession session, List<Run> runs)
    {
        var generation = session.Restarts;
        var started = DateTime.UtcNow;
        var lastProgress = started;
        var pending = runs.ToList();
        while (pending.Count > 0 && DateTime.UtcNow - lastProgress < Stall && DateTime.UtcNow - started < Deadline && session.Restarts == generation)
        {
            var progressed = false;
            foreach (var run in pending.ToList())
            {
                session.Case = run.Case;
                for (var step = 0; step < MaxStepsPerTurn && session.Restarts == generation; step++)
                {
                    var (ended, completed) = await StepAsync(session, run);
                    progressed |= ended || completed;
                    if (ended || run.Repeats >= GiveUpAfter)
                    {
                        pending.Remove(run);
                    }

                    if (ended || !completed)
                    {
                        break;
                    }
                }
            }

            if (progressed)
            {
                lastProgress = DateTime.UtcNow;
            }
            else
            {
                await Task.Delay(100);
            }
        }

        foreach (var run in runs.Where(r => !r.Ended && session.Restarts == generation))
        {
            session.Case = run.Case;
            session.Record(Properties.RunsToEnd, run.Upload, run.Uploaded,
                $"the instance is still not COMPLETED after {(DateTime.UtcNow - started).TotalSeconds:0} s; last trouble: {run.Trouble ?? "none seen"}",
                outcome: $"{run.Uploaded.Status}, then stuck: {run.TroubleKind ?? "no job to poll"}");
        }
    }

    /// <summary>One step of the trivial worker on one instance.</summary>
    /// <returns>Whether the instance has ended (and was checked), and whether a job was completed.</returns>
    private static async Task<(bool Ended, bool Completed)> StepAsync(FuzzSession session, Run run)
    {
        var instance = await session.SendAsync(FuzzRequest.Get($"/v1/instances/{run.InstanceId}", "/v1/instances/{id}",
            $"trivial worker reads an instance of: {run.Upload.Label}") with { SweeperMayWrite = true });
        var status = AnswerJson.Text(instance, "status");
        if (status == "COMPLETED")
        {
            run.Ended = true;
            return (true, false);
        }

        if (status is "FAILED" or "CANCELLED" || instance.Status != 200)
        {
            run.Ended = true;
            session.Record(Properties.RunsToEnd, run.Upload, run.Uploaded,
                $"the instance ended {status ?? "unreadable"}: {AnswerJson.Text(instance, "failureReason") ?? instance.ToString()}",
                outcome: $"{run.Uploaded.Status}, then the instance ended {status ?? $"unreadable ({instance.Status})"}");
            return (true, false);
        }

        var moved = false;
        foreach (var stepId in CurrentStepIds(instance))
        {
            moved |= await WorkAsync(session, run, stepId);
        }

        return (false, moved);
    }

    private static List<string> CurrentStepIds(FuzzAnswer instance) =>
        AnswerJson.Parse(instance) is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("currentStepIds", out var ids) && ids.ValueKind == JsonValueKind.Array
            ? [.. ids.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()!)]
            : [];

    /// <returns>Whether the instance was moved on (a job or a task completed, a signal taken).</returns>
    private static async Task<bool> WorkAsync(FuzzSession session, Run run, string stepId)
    {
        if (run.StepTypes.GetValueOrDefault(stepId) is "USER_TASK" or "WAIT")
        {
            var (route, path, body) = run.StepTypes[stepId] == "USER_TASK"
                ? ("/v1/instances/{id}/user-tasks/{stepId}/complete", $"/v1/instances/{run.InstanceId}/user-tasks/{stepId}/complete", JsonText.Write(new JsonFields { { "completedBy", Worker } }))
                : ("/v1/instances/{id}/signals/{stepId}", $"/v1/instances/{run.InstanceId}/signals/{stepId}", "{}");
            var answer = await session.SendAsync(FuzzRequest.Json("POST", path, route, $"trivial worker moves {stepId} on: {run.Upload.Label}", body) with
            {
                SweeperMayWrite = true,
            });
            if (answer.Status != 204)
            {
                run.Note($"moving step '{stepId}' on answered {answer}", $"{run.StepTypes[stepId]} → {answer.Status?.ToString(CultureInfo.InvariantCulture) ?? "no answer"}");
            }

            return answer.Status == 204;
        }

        if (!run.JobTypes.TryGetValue(stepId, out var jobType))
        {
            run.Note($"the instance is at step '{stepId}', which is not a step the trivial worker knows how to move on", "at an unknown step");
            return false;
        }

        var poll = FuzzRequest.Json("POST", "/v1/jobs/poll", "/v1/jobs/poll", $"trivial worker polls a job of: {run.Upload.Label}",
            JsonText.Write(new JsonFields { { "workerId", Worker }, { "jobTypes", new List<object?> { jobType } }, { "maxJobs", 8 } })) with
        {
            SweeperMayWrite = true,
        };
        var polled = await session.SendAsync(poll);
        if (polled.Status != 200)
        {
            run.Note($"polling jobType {JsonText.Quote(jobType)} answered {polled}", $"poll → {polled.Status?.ToString(CultureInfo.InvariantCulture) ?? "no answer"}");
            return false;
        }

        var completed = false;
        foreach (var (jobId, _, _) in Setup.Jobs(polled))
        {
            var complete = FuzzRequest.Json("POST", $"/v1/jobs/{jobId}/complete", "/v1/jobs/{id}/complete",
                $"trivial worker completes a job of: {run.Upload.Label}", JsonText.Write(new JsonFields { { "workerId", Worker } })) with
            {
                SweeperMayWrite = true,
            };
            var answer = await session.SendAsync(complete);
            if (answer.Status == 204)
            {
                completed = true;
            }
            else
            {
                run.Note($"completing job {jobId} answered {answer}", $"complete → {answer.Status?.ToString(CultureInfo.InvariantCulture) ?? "no answer"}");
            }
        }

        return completed;
    }

    /// <summary>An accepted definition and its instance, as the run goes on.</summary>
    private sealed class Run(
        FuzzRequest upload, FuzzAnswer uploaded, int @case, string id, int version, Dictionary<string, string> jobTypes, Dictionary<string, string> stepTypes)
    {
        public FuzzRequest Upload { get; } = upload;

        public FuzzAnswer Uploaded { get; } = uploaded;

        public int Case { get; } = @case;

        public string Id { get; } = id;

        public int Version { get; } = version;

        /// <summary>Step id → the job type workers poll for it (its jobType, else its id), for SERVICE_TASK steps.</summary>
        public Dictionary<string, string> JobTypes { get; } = jobTypes;

        /// <summary>Step id → its type.</summary>
        public Dictionary<string, string> StepTypes { get; } = stepTypes;

        public string? InstanceId { get; set; }

        public string? Trouble { get; private set; }

        public string? TroubleKind { get; private set; }

        public static Run? From(FuzzRequest upload, FuzzAnswer answer, int @case)
        {
            if (AnswerJson.Parse(answer) is not { ValueKind: JsonValueKind.Object } stored
                || AnswerJson.Text(answer, "id") is not { } id || AnswerJson.Number(answer, "version") is not { } version
                || !stored.TryGetProperty("steps", out var steps) || steps.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var jobTypes = new Dictionary<string, string>(StringComparer.Ordinal);
            var stepTypes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var step in steps.EnumerateArray())
            {
                var stepId = step.TryGetProperty("id", out var s) ? s.GetString() ?? "" : "";
                var type = step.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() ?? "" : "";
                stepTypes.TryAdd(stepId, type);
                if (type == "SERVICE_TASK")
                {
                    var jobType = step.TryGetProperty("jobType", out var j) && j.ValueKind == JsonValueKind.String ? j.GetString() : null;
                    jobTypes.TryAdd(stepId, string.IsNullOrEmpty(jobType) ? stepId : jobType);
                }
            }

            return new Run(upload, answer, @case, id, version, jobTypes, stepTypes);
        }

        public bool Ended { get; set; }

        /// <summary>How many times in a row the same kind of trouble was seen.</summary>
        public int Repeats { get; private set; }

        public void Note(string trouble, string kind)
        {
            Repeats = kind == TroubleKind ? Repeats + 1 : 1;
            Trouble = trouble;
            TroubleKind = kind;
        }
    }
}
