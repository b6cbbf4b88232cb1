using Weft.Fuzz.Tests.Support;

namespace Weft.Fuzz.Tests.Protocol;

/// <summary>Protocol abuse on every route: whatever a client sends gets a clear 4xx (problem+json) or works.</summary>
public sealed class ProtocolFuzzTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(SeedMode.Fixed)]
    [InlineData(SeedMode.Random)]
    public async Task Protocol_abuse_gets_a_clear_4xx_or_works(SeedMode seed)
    {
        await using var session = await FuzzSession.StartAsync(
            output, seed, $"{nameof(ProtocolFuzzTests)}.{nameof(Protocol_abuse_gets_a_clear_4xx_or_works)}", PrepareAsync);

        // The fixed cases once (the same every run, so only with the fixed seed), then random ones.
        if (seed == SeedMode.Fixed)
        {
            foreach (var request in ProtocolRequests.Fixed())
            {
                session.Case++;
                await session.SendAsync(request);
            }
        }

        var cases = FuzzSettings.Cases(300);
        for (var i = 0; i < cases; i++)
        {
            session.Case++;
            await session.SendAsync(ProtocolRequests.Any(session.Random));
        }

        session.AssertNoViolations();
    }

    private static async Task PrepareAsync(FuzzSession session) => await Setup.UploadAsync(session, Setup.Definition("fx", "fx-work"));
}
