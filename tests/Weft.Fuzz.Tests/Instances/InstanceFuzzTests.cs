using Weft.Fuzz.Tests.Generators;
using Weft.Fuzz.Tests.Support;

namespace Weft.Fuzz.Tests.Instances;

/// <summary>
/// Generated hostile requests to every instance route: each gets a clear 4xx or works, a 4xx changes nothing, and
/// an instance that was started (with whatever variables) then runs to COMPLETED when a worker completes its job
/// with a small output (merged into those variables).
/// </summary>
public sealed class InstanceFuzzTests(ITestOutputHelper output)
{
    /// <summary>Started by the generated requests; each new instance's job is polled and completed right away.</summary>
    private const string Definition = "fx";
    private const string JobType = "fx-work";

    /// <summary>Instances to cancel; their jobs are never polled.</summary>
    private const string CancelDefinition = "fx-cancel";

    private readonly List<string> _active = [];
    private readonly List<string> _finished = [];

    [Theory]
    [InlineData(SeedMode.Fixed)]
    [InlineData(SeedMode.Random)]
    public async Task Hostile_instance_requests_get_a_clear_4xx_or_work(SeedMode seed)
    {
        await using var session = await FuzzSession.StartAsync(
            output, seed, $"{nameof(InstanceFuzzTests)}.{nameof(Hostile_instance_requests_get_a_clear_4xx_or_work)}", PrepareAsync);
        if (seed == SeedMode.Fixed)
        {
            foreach (var request in InstanceRequests.StartCorpus(session.Random, Definition))
            {
                session.Case++;
                await StartAsync(session, request);
            }
        }

        var cases = FuzzSettings.Cases(160);
        for (var i = 0; i < cases; i++)
        {
            session.Case++;
            var random = session.Random;
            var known = _active.Concat(_finished).ToList();
            switch (random.Between(0, 9))
            {
                case < 4:
                    await StartAsync(session, InstanceRequests.StartInstance(random, Definition));
                    break;
                case 4:
                    await session.SendAsync(InstanceRequests.GetInstance(random, known, history: false));
                    break;
                case 5:
                    await session.SendAsync(InstanceRequests.GetInstance(random, known, history: true));
                    break;
                case 6:
                    await session.SendAsync(InstanceRequests.ListInstances(random));
                    break;
                default:
                    await CancelAsync(session, random.Chance(0.6));
                    break;
            }
        }

        session.AssertNoViolations();
    }

    /// <summary>
    /// Sends a start; when it works, a worker polls the new instance's job and completes it with a small output (which the
    /// server merges into the stored variables), and the instance must be COMPLETED.
    /// </summary>
    private async Task StartAsync(FuzzSession session, FuzzRequest start)
    {
        var restarts = session.Restarts;
        var started = await session.SendAsync(start);
        if (!started.IsSuccess || session.Restarts != restarts || AnswerJson.Text(started, "id") is not { } id)
        {
            return;
        }

        var poll = FuzzRequest.Json("POST", "/v1/jobs/poll", "/v1/jobs/poll", $"a worker polls the job of an instance started with: {start.Label}",
            JsonText.Write(new JsonFields { { "workerId", "fx-runner" }, { "jobTypes", new List<object?> { JobType } }, { "maxJobs", 256 } }));
        var polled = await session.SendAsync(poll);
        foreach (var (jobId, _, _) in Setup.Jobs(polled))
        {
            var completed = await session.SendAsync(FuzzRequest.Json("POST", $"/v1/jobs/{jobId}/complete", "/v1/jobs/{id}/complete",
                $"a worker completes the job of an instance started with: {start.Label}", """{"workerId":"fx-runner","variables":{"result":1}}"""));
            if (completed.Status != 204)
            {
                session.Record(Properties.InstanceRuns, start, started, $"completing its job with the output {{\"result\":1}} answered {completed}",
                    outcome: $"{started.Status}, then complete → {completed.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer"}");
                return;
            }
        }

        if (session.Restarts != restarts)
        {
            return;
        }

        var instance = await session.SendAsync(FuzzRequest.Get($"/v1/instances/{id}", InstanceRequests.One, $"read an instance started with: {start.Label}"));
        if (AnswerJson.Text(instance, "status") == "COMPLETED")
        {
            _finished.Add(id);
        }
        else
        {
            session.Record(Properties.InstanceRuns, start, started,
                $"after a worker polled ({polled.Status}) and completed its job, the instance answers {instance}",
                outcome: $"{started.Status}, then {AnswerJson.Text(instance, "status") ?? $"GET → {instance.Status}"}");
        }
    }

    private async Task CancelAsync(FuzzSession session, bool active)
    {
        if (active && _active.Count == 0 && await Setup.StartAsync(session, CancelDefinition) is { } started)
        {
            _active.Add(started);
        }

        var target = active && _active.Count > 0 ? session.Random.PickFrom(_active) : null;
        var restarts = session.Restarts;
        var answer = await session.SendAsync(InstanceRequests.CancelInstance(session.Random, target, _finished));
        if (target is not null && answer.IsSuccess && session.Restarts == restarts)
        {
            _active.Remove(target);
            _finished.Add(target);
        }
    }

    private async Task PrepareAsync(FuzzSession session)
    {
        _active.Clear();
        _finished.Clear();
        await Setup.UploadAsync(session, Setup.Definition(Definition, JobType));
        await Setup.UploadAsync(session, Setup.Definition(CancelDefinition, "fx-cancel-work"));
        for (var i = 0; i < 2; i++)
        {
            if (await Setup.StartAsync(session, CancelDefinition) is { } id)
            {
                _active.Add(id);
            }
        }
    }
}
