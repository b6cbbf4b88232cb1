using Weft.Fuzz.Tests.Support;

namespace Weft.Fuzz.Tests.Jobs;

/// <summary>Generated hostile requests to every worker route: each gets a clear 4xx or works, and a 4xx changes nothing.</summary>
public sealed class JobFuzzTests(ITestOutputHelper output)
{
    private const string Ready = "fx-ready";

    private readonly List<(string Id, string Label)> _definitions = [];
    private readonly List<HeldJob> _held = [];
    private readonly List<HeldJob> _completed = [];

    [Theory]
    [InlineData(SeedMode.Fixed)]
    [InlineData(SeedMode.Random)]
    public async Task Hostile_worker_requests_get_a_clear_4xx_or_work(SeedMode seed)
    {
        await using var session = await FuzzSession.StartAsync(
            output, seed, $"{nameof(JobFuzzTests)}.{nameof(Hostile_worker_requests_get_a_clear_4xx_or_work)}", PrepareAsync);
        if (seed == SeedMode.Fixed)
        {
            await CorpusAsync(session);
        }

        var cases = FuzzSettings.Cases(160);
        for (var i = 0; i < cases; i++)
        {
            session.Case++;
            var random = session.Random;
            var pick = random.Between(0, 9);
            if (pick < 3)
            {
                await PollAsync(session);
                continue;
            }

            var route = pick switch
            {
                < 5 => JobRequests.Complete,
                < 7 => JobRequests.Fail,
                _ => JobRequests.Heartbeat,
            };
            if (random.Chance(0.2))
            {
                await session.SendAsync(JobRequests.ForOtherJob(random, route, _completed));
                continue;
            }

            if (await HeldJobAsync(session) is not { } job)
            {
                continue;
            }

            var restarts = session.Restarts;
            var answer = await session.SendAsync(JobRequests.ForHeldJob(random, route, job));
            if (answer.IsSuccess && route != JobRequests.Heartbeat && session.Restarts == restarts)
            {
                _held.Remove(job); // A failed job may come back (a retry), but not to this worker's lease.
                if (route == JobRequests.Complete)
                {
                    _completed.Add(job);
                }
            }
        }

        session.AssertNoViolations();
    }

    private async Task CorpusAsync(FuzzSession session)
    {
        foreach (var (request, needsReadyJob) in JobRequests.PollCorpus("fx-work", $"{Ready}-work"))
        {
            session.Case++;
            await SendPollAsync(session, request, needsReadyJob);
        }

        foreach (var make in JobRequests.HeldJobCorpus(session.Random))
        {
            session.Case++;
            if (await HeldJobAsync(session, plain: true) is { } job)
            {
                var restarts = session.Restarts;
                var answer = await session.SendAsync(make(job));
                if (answer.IsSuccess && session.Restarts == restarts)
                {
                    _held.Remove(job);
                }
            }
        }
    }

    private async Task PollAsync(FuzzSession session)
    {
        // Plain job types: the odd definitions' jobs are polled (and blamed) by name in HeldJobAsync.
        var jobType = session.Random.Chance(0.8) ? "fx-work" : "nothing-here";
        var request = JobRequests.PollJobs(session.Random, jobType, $"{Ready}-work", out var needsReadyJob);
        await SendPollAsync(session, request, needsReadyJob);
    }

    private async Task SendPollAsync(FuzzSession session, FuzzRequest request, bool needsReadyJob)
    {
        if (needsReadyJob)
        {
            await Setup.StartAsync(session, Ready);
        }

        var restarts = session.Restarts;
        var answer = await session.SendAsync(request);
        if (session.Restarts == restarts)
        {
            _held.AddRange(Setup.Jobs(answer).Select(j => new HeldJob(j.JobId, j.InstanceId, j.WorkerId, "a job a generated poll locked")));
        }
    }

    /// <summary>A job held by a worker: a new one most of the time (an instance of a random fixture definition, polled).</summary>
    /// <param name="plain">A new job of the plain definition (fx), for inputs that must not be blamed on an odd definition.</param>
    private async Task<HeldJob?> HeldJobAsync(FuzzSession session, bool plain = false)
    {
        if (!plain && _held.Count > 0 && session.Random.Chance(0.3))
        {
            return session.Random.PickFrom(_held);
        }

        var (id, label) = plain ? _definitions[0] : session.Random.PickFrom(_definitions);
        if (await Setup.StartAsync(session, id, $"{id} ({label})") is null)
        {
            return null;
        }

        var restarts = session.Restarts;
        var jobs = await Setup.PollAsync(session, "fuzz-worker", $"{id}-work", $"{id} ({label})");
        if (jobs.Count == 0 || session.Restarts != restarts)
        {
            return null;
        }

        var job = new HeldJob(jobs[0].JobId, jobs[0].InstanceId, jobs[0].WorkerId, $"{id} ({label})");
        _held.Add(job);
        return job;
    }

    private async Task PrepareAsync(FuzzSession session)
    {
        _definitions.Clear();
        _held.Clear();
        _completed.Clear();
        await Setup.UploadAsync(session, Setup.Definition(Ready, $"{Ready}-work"));
        await Setup.UploadAsync(session, Setup.Definition("fx", "fx-work", retryCount: 2));
        _definitions.Add(("fx", "retryCount 2"));
        for (var i = 1; i <= 4; i++)
        {
            var id = $"jb-{i}";
            var (json, label) = BackoffDefinitions.Create(session.Random, id);
            if ((await Setup.UploadAsync(session, json)).IsSuccess)
            {
                _definitions.Add((id, label));
            }
        }
    }
}
