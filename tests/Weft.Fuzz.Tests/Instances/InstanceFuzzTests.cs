using Weft.Fuzz.Tests.Support;

namespace Weft.Fuzz.Tests.Instances;

/// <summary>Generated hostile requests to every instance route: each gets a clear 4xx or works, and a 4xx changes nothing.</summary>
public sealed class InstanceFuzzTests(ITestOutputHelper output)
{
    private const string Definition = "fx";

    private readonly List<string> _active = [];
    private readonly List<string> _finished = [];

    [Theory]
    [InlineData(SeedMode.Fixed)]
    [InlineData(SeedMode.Random)]
    public async Task Hostile_instance_requests_get_a_clear_4xx_or_work(SeedMode seed)
    {
        await using var session = await FuzzSession.StartAsync(
            output, seed, $"{nameof(InstanceFuzzTests)}.{nameof(Hostile_instance_requests_get_a_clear_4xx_or_work)}", PrepareAsync);
        var cases = FuzzSettings.Cases(220);
        for (session.Case = 1; session.Case <= cases; session.Case++)
        {
            var random = session.Random;
            var known = _active.Concat(_finished).ToList();
            switch (random.Between(0, 9))
            {
                case < 4:
                    var restarts = session.Restarts;
                    var started = await session.SendAsync(InstanceRequests.StartInstance(random, Definition));
                    if (started.IsSuccess && session.Restarts == restarts && AnswerJson.Text(started, "id") is { } id)
                    {
                        _active.Add(id);
                    }

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

    private async Task CancelAsync(FuzzSession session, bool active)
    {
        if (active && _active.Count == 0 && await Setup.StartAsync(session, Definition) is { } started)
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
        await Setup.UploadAsync(session, Setup.Definition(Definition, "fx-work"));
        for (var i = 0; i < 2; i++)
        {
            if (await Setup.StartAsync(session, Definition) is { } id)
            {
                _active.Add(id);
            }
        }
    }
}
