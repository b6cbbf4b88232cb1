using Weft.Fuzz.Tests.Support;

namespace Weft.Fuzz.Tests.Commands;

/// <summary>
/// Generated hostile queries, variables and bodies to <c>POST /v1/graphql</c>: 200 with <c>data</c> and/or
/// actionable <c>errors</c>, or a 400 for a malformed request; never a 5xx, and never a change to the database.
/// </summary>
public sealed class GraphqlFuzzTests(ITestOutputHelper output)
{
    private readonly List<string> _instances = [];

    [Theory]
    [InlineData(SeedMode.Fixed)]
    [InlineData(SeedMode.Random)]
    public async Task Hostile_graphql_requests_get_data_or_errors_and_change_nothing(SeedMode seed)
    {
        await using var session = await FuzzSession.StartAsync(
            output, seed, $"{nameof(GraphqlFuzzTests)}.{nameof(Hostile_graphql_requests_get_data_or_errors_and_change_nothing)}", PrepareAsync);

        var cases = FuzzSettings.Cases(200);
        for (var i = 0; i < cases; i++)
        {
            session.Case++;
            var request = GraphqlRequests.Any(session.Random, _instances);
            var answer = await session.SendAsync(request);
            if (GraphqlAnswerRules.Check(answer) is { } wrong)
            {
                session.Record(Properties.GraphqlAnswerShape, request, answer, wrong);
            }
            else if (answer.IsClientError && answer.Status is not (400 or 413))
            {
                session.Record(Properties.GraphqlAnswerShape, request, answer, $"a {answer.Status}: GraphQL answers 200, or 400 for a malformed request");
            }
        }

        session.AssertNoViolations();
    }

    private async Task PrepareAsync(FuzzSession session)
    {
        _instances.Clear();
        await Setup.UploadAsync(session, Setup.Definition("fx", "fx-work"));
        for (var i = 0; i < 2; i++)
        {
            if (await Setup.StartAsync(session, "fx") is { } id)
            {
                _instances.Add(id);
            }
        }
    }
}
