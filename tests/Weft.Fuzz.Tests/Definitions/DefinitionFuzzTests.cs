using System.Globalization;
using Weft.Fuzz.Tests.Support;

namespace Weft.Fuzz.Tests.Definitions;

/// <summary>Generated definitions (JSON and YAML, valid and mutated) and hostile reads: each gets a clear 4xx or works.</summary>
public sealed class DefinitionFuzzTests(ITestOutputHelper output)
{
    private readonly List<string> _known = [];

    [Theory]
    [InlineData(SeedMode.Fixed)]
    [InlineData(SeedMode.Random)]
    public async Task Hostile_definition_requests_get_a_clear_4xx_or_work(SeedMode seed)
    {
        await using var session = await FuzzSession.StartAsync(
            output, seed, $"{nameof(DefinitionFuzzTests)}.{nameof(Hostile_definition_requests_get_a_clear_4xx_or_work)}", PrepareAsync);
        if (seed == SeedMode.Fixed)
        {
            foreach (var request in DefinitionCorpus.All(session.Random))
            {
                session.Case++;
                await SendAsync(session, request);
            }
        }

        var cases = FuzzSettings.Cases(250);
        for (var i = 0; i < cases; i++)
        {
            session.Case++;
            var random = session.Random;
            var id = $"fz-{i.ToString(CultureInfo.InvariantCulture)}";
            var request = random.Between(0, 19) switch
            {
                < 9 => DefinitionRequests.UploadGenerated(random, id),
                < 12 => DefinitionRequests.UploadYaml(random, id),
                12 => DefinitionRequests.UploadHostileDocument(random),
                < 15 => DefinitionRequests.GetDefinition(random, _known),
                < 17 => DefinitionRequests.GetVersion(random, _known),
                _ => DefinitionRequests.ListDefinitions(random),
            };
            await SendAsync(session, request);
        }

        session.AssertNoViolations();
    }

    private async Task SendAsync(FuzzSession session, FuzzRequest request)
    {
        var restarts = session.Restarts;
        var answer = await session.SendAsync(request);
        if (request.Method == "POST" && answer.IsSuccess && session.Restarts == restarts && AnswerJson.Text(answer, "id") is { } stored)
        {
            _known.Add(stored);
        }
    }

    private Task PrepareAsync(FuzzSession session)
    {
        _known.Clear();
        return Task.CompletedTask;
    }
}
