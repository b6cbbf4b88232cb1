using System.Text.RegularExpressions;
using Weft.Cli.Tests.Support;
using Weft.Server.Tests.Support;

namespace Weft.Cli.Tests.Client;

public sealed partial class DeployCommandTests : IAsyncLifetime
{
    private readonly TempFolder _files = new();
    private WeftTestServer _server = null!;

    private string Url => _server.BaseAddress.ToString();

    public async Task InitializeAsync() => _server = await WeftTestServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _files.Dispose();
    }

    [Fact]
    public async Task Deploy_of_a_json_file_prints_id_and_version_and_an_identical_redeploy_keeps_the_version()
    {
        var file = _files.Write("cli-json.json", Definitions.Json("cli-json"));

        var first = await WeftCli.RunAsync("deploy", file, "--server", Url);
        var second = await WeftCli.RunAsync("deploy", file, "--server", Url);

        CliAssert.Succeeded(first);
        Assert.Matches(DeployedLine("cli-json", 1), first.StdOut);
        CliAssert.Succeeded(second);
        Assert.Matches(DeployedLine("cli-json", 1), second.StdOut);
        var stored = await _server.Client.GetDefinitionAsync("cli-json");
        Assert.Equal(1, (int)stored["version"]!);
    }

    [Fact]
    public async Task Deploy_of_a_changed_file_prints_the_next_version()
    {
        var file = _files.Write("cli-change.json", Definitions.Json("cli-change"));
        CliAssert.Succeeded(await WeftCli.RunAsync("deploy", file, "--server", Url));
        File.WriteAllText(file, Definitions.Json("cli-change", jobType: "other-work"));

        var changed = await WeftCli.RunAsync("deploy", file, "--server", Url);

        CliAssert.Succeeded(changed);
        Assert.Matches(DeployedLine("cli-change", 2), changed.StdOut);
    }

    [Fact]
    public async Task Deploy_of_a_yaml_file_prints_id_and_version_and_stores_it()
    {
        var file = _files.Write("cli-yaml.yaml", Definitions.Yaml("cli-yaml"));

        var result = await WeftCli.RunAsync("deploy", file, "--server", Url);

        CliAssert.Succeeded(result);
        Assert.Matches(DeployedLine("cli-yaml", 1), result.StdOut);
        var stored = await _server.Client.GetDefinitionAsync("cli-yaml");
        Assert.Equal(2, (int)stored["steps"]![0]!["retryCount"]!);
    }

    [Fact]
    public async Task Deploy_of_a_missing_file_exits_1_and_names_the_file()
    {
        var missing = Path.Combine(_files.Path, "nowhere.json");

        var result = await WeftCli.RunAsync("deploy", missing, "--server", Url);

        CliAssert.FailedWithMessage(result, missing, "does not exist");
        Assert.Equal("", result.StdOut);
    }

    [Fact]
    public async Task Deploy_of_an_invalid_definition_exits_1_and_lists_every_problem()
    {
        var file = _files.Write("broken.json", """
            {
              "id": "cli-broken",
              "steps": [
                { "id": "first", "type": "SERVICE_TASK", "nextStep": "nowhere" },
                { "id": "second", "type": "TELEPORT" }
              ]
            }
            """);

        var result = await WeftCli.RunAsync("deploy", file, "--server", Url);

        CliAssert.FailedWithMessage(result, "cli-broken", "nowhere", "TELEPORT");
        var lines = result.StdErr.TrimEnd().Split('\n');
        Assert.True(lines.Length >= 3, $"each problem on its own line; {result}");
        Assert.Contains(lines, l => l.StartsWith("  - ", StringComparison.Ordinal) && l.Contains("'nowhere'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  - ", StringComparison.Ordinal) && l.Contains("'TELEPORT'", StringComparison.Ordinal));
        var listed = await _server.Client.ListDefinitionsAsync();
        Assert.DoesNotContain(listed.Items, d => (string?)d["id"] == "cli-broken");
    }

    [Fact]
    public async Task Deploy_of_a_file_that_is_not_json_exits_1_and_says_so()
    {
        var file = _files.Write("garbage.json", "{ this is not json");

        var result = await WeftCli.RunAsync("deploy", file, "--server", Url);

        CliAssert.FailedWithMessage(result, "JSON");
    }

    private static Regex DeployedLine(string id, int version) => new($@"^Deployed {Regex.Escape(id)} version {version}\.\r?\n$");
}
