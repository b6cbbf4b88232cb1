using System.Reflection;
using Weft.Server.Tests.Support;

namespace Weft.Server.Tests.Api;

/// <summary>
/// The OpenAPI document is part of the wire contract: any change to it must be made on purpose. The served
/// document, normalised, must equal <c>Api/openapi.golden.json</c>; with <c>WEFT_UPDATE_GOLDEN=1</c> the test
/// rewrites that file instead (review the diff, then commit it).
/// </summary>
public sealed class OpenApiGoldenTests : IAsyncLifetime
{
    private const string GoldenName = "openapi.golden.json";
    private WeftTestServer _server = null!;

    public async Task InitializeAsync() => _server = await WeftTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_served_OpenAPI_document_equals_the_golden_file()
    {
        var served = OpenApiDocument.Normalise(await OpenApiDocument.FetchAsync(_server));

        if (Environment.GetEnvironmentVariable("WEFT_UPDATE_GOLDEN") == "1")
        {
            await File.WriteAllTextAsync(SourceGoldenPath(), served);
            return;
        }

        var goldenPath = Path.Combine(AppContext.BaseDirectory, "Api", GoldenName);
        var golden = File.Exists(goldenPath) ? (await File.ReadAllTextAsync(goldenPath)).ReplaceLineEndings("\n") : "";
        Assert.True(
            golden == served,
            $"""
            The OpenAPI document that the server serves differs from tests/Weft.Server.Tests/Api/{GoldenName}
            (- golden, + served):

            {OpenApiDocument.ShortDiff(golden, served)}
            If the change is intended (a route or field added, renamed or removed on purpose), update the golden file:
              WEFT_UPDATE_GOLDEN=1 dotnet test tests/Weft.Server.Tests --filter FullyQualifiedName~OpenApiGoldenTests
            then review its diff with git and commit it. Rochallor clients depend on these shapes: see RochallorCompatibilityTests.
            """);
    }

    [Fact]
    public async Task The_normalised_document_is_the_same_on_a_second_server()
    {
        await using var second = await WeftTestServer.StartAsync();

        var first = OpenApiDocument.Normalise(await OpenApiDocument.FetchAsync(_server));
        var again = OpenApiDocument.Normalise(await OpenApiDocument.FetchAsync(second));

        Assert.True(first == again, "Two servers serve different documents after normalising:\n" + OpenApiDocument.ShortDiff(first, again));
    }

    private static string SourceGoldenPath()
    {
        var projectFolder = typeof(OpenApiGoldenTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "WeftServerTestsFolder").Value!;
        return Path.Combine(projectFolder, "Api", GoldenName);
    }
}
