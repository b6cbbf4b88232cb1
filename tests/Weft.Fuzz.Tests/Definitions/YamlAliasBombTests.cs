using System.Globalization;
using System.Text;
using Weft.Fuzz.Tests.Support;

namespace Weft.Fuzz.Tests.Definitions;

/// <summary>
/// "Billion laughs" in YAML: a small document whose aliases expand to a huge one. The server runs as a child
/// process with a capped heap and a watchdog (see <see cref="WeftProcess"/>), so a bomb that goes off kills only it;
/// these tests run alone, so that nothing else competes for memory meanwhile.
/// </summary>
[Collection(MemoryBombs.Name)]
public sealed class YamlAliasBombTests(ITestOutputHelper output)
{
    [Fact(Timeout = 180_000)]
    public async Task Yaml_alias_bombs_are_refused_or_bounded_and_the_server_stays_up()
    {
        await using var session = await FuzzSession.StartAsync(
            output, SeedMode.Fixed, $"{nameof(YamlAliasBombTests)}.{nameof(Yaml_alias_bombs_are_refused_or_bounded_and_the_server_stays_up)}");
        foreach (var (levels, width, under) in new[] { (3, 9, "metadata"), (5, 9, "metadata"), (7, 9, "metadata"), (9, 9, "metadata"), (8, 10, "steps") })
        {
            session.Case++;
            await session.SendAsync(Bomb(levels, width, under));
        }

        session.AssertNoViolations();
    }

    /// <summary>Level 1 is a list of <paramref name="width"/> strings; each next level is a list of <paramref name="width"/> aliases of the one before.</summary>
    private static FuzzRequest Bomb(int levels, int width, string under)
    {
        var yaml = new StringBuilder("id: bomb\n");
        var bomb = new StringBuilder();
        bomb.Append("  l1: &l1 [").Append(string.Join(", ", Enumerable.Repeat("\"lol\"", width))).Append("]\n");
        for (var level = 2; level <= levels; level++)
        {
            bomb.Append(CultureInfo.InvariantCulture, $"  l{level}: &l{level} [")
                .Append(string.Join(", ", Enumerable.Repeat($"*l{level - 1}", width))).Append("]\n");
        }

        yaml.Append("metadata:\n").Append(bomb);
        yaml.Append(under == "steps"
            ? $"steps: *l{levels}\n"
            : "steps:\n  - id: s1\n    type: SERVICE_TASK\n    nextStep: end\n  - id: end\n    type: END\n");
        var values = Math.Pow(width, levels);
        var expandedBytes = values * 6; // "lol",
        return new FuzzRequest("POST", "/v1/definitions", "/v1/definitions",
            $"YAML alias bomb: {levels} levels of {width} aliases under {under} ({values:N0} values)")
        {
            ContentType = "application/yaml",
            Body = Encoding.UTF8.GetBytes(yaml.ToString()),
            Timeout = TimeSpan.FromSeconds(30),
            MustFail = under == "steps" ? "steps would be a list of strings, not of steps"
                : expandedBytes > 4 * 1024 * 1024 ? $"expanded, the document is about {expandedBytes / (1024 * 1024):N0} MB: over the 4 MiB the server takes as a body"
                : null,
        };
    }
}
