using Weft.Fuzz.Tests.Support;

namespace Weft.Fuzz.Tests.Commands;

/// <summary>
/// Generated hostile envelopes and arguments to <c>POST /v1/commands</c>: a malformed envelope gets a clear 4xx, a
/// command gets 200 with <c>data</c> or an actionable <c>error</c>, never a 5xx; a read-only command changes nothing,
/// whatever its arguments, and neither does a command answered with an error.
/// </summary>
public sealed class CommandFuzzTests(ITestOutputHelper output)
{
    private readonly List<string> _instances = [];

    [Theory]
    [InlineData(SeedMode.Fixed)]
    [InlineData(SeedMode.Random)]
    public async Task Hostile_commands_get_an_answer_with_data_or_an_error_or_a_clear_4xx(SeedMode seed)
    {
        await using var session = await FuzzSession.StartAsync(
            output, seed, $"{nameof(CommandFuzzTests)}.{nameof(Hostile_commands_get_an_answer_with_data_or_an_error_or_a_clear_4xx)}", PrepareAsync);

        var cases = FuzzSettings.Cases(250);
        for (var i = 0; i < cases; i++)
        {
            session.Case++;
            var random = session.Random;
            var request = random.Between(0, 9) switch
            {
                0 => CommandRequests.BrokenBody(random),
                1 or 2 => CommandRequests.BadEnvelope(random),
                _ => CommandRequests.Command(random, _instances),
            };
            var answer = await session.SendAsync(request);
            Check(session, request, answer);
        }

        session.AssertNoViolations();
    }

    private static void Check(FuzzSession session, FuzzRequest request, FuzzAnswer answer)
    {
        if (CommandAnswerRules.Check(answer) is { } wrong)
        {
            session.Record(Properties.CommandAnswerShape, request, answer, wrong);
        }
        else if (answer.Status == 200 && request.Label.StartsWith("graphql:", StringComparison.Ordinal)
            && AnswerJson.Parse(answer) is { } root && root.TryGetProperty("data", out var data)
            && GraphqlAnswerRules.CheckResult(data) is { } wrongResult)
        {
            session.Record(Properties.GraphqlAnswerShape, request, answer, wrongResult);
        }
        else if (answer.IsClientError && request.MustFail is null && answer.Status != 413
            && AnswerJson.Text(answer, "detail")?.StartsWith("The request body could not be read", StringComparison.Ordinal) != true)
        {
            // A refusal of the command itself comes as 200 {"error"}; a 4xx is for a body that is not JSON as Weft reads
            // it (duplicate keys, lone surrogates, numbers beyond a double, nesting over 64) or an envelope gone wrong.
            session.Record(Properties.CommandAnswerShape, request, answer, "a well-formed envelope got a 4xx instead of 200 {\"error\"}");
        }
    }

    private async Task PrepareAsync(FuzzSession session)
    {
        _instances.Clear();
        await Setup.UploadAsync(session, Setup.Definition("fx", "fx-work"));
        for (var i = 1; i <= 3; i++)
        {
            var answer = await session.SendAsync(FuzzRequest.Json("POST", "/v1/instances", "/v1/instances", "setup: start an instance with a business key",
                $$"""{"definitionId":"fx","businessKey":"fx-key-{{i}}"}"""));
            if (AnswerJson.Text(answer, "id") is { } id)
            {
                _instances.Add(id);
            }
        }
    }
}
