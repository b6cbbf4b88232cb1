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
    public async Task Deploy_of_a_missing_file_exits_2_and_names_the_file()
    {
        var missing = Path.Combine(_files.Path, "nowhere.json");

        var result = await WeftCli.RunAsync("deploy", missing, "--server", Url);

        CliAssert.RefusedUsage(result, missing, "does not exist");
        Assert.Equal("", result.StdOut);
    }

    [Fact]
    public async Task Deploy_of_a_directory_deploys_each_json_and_yaml_file_in_it_in_name_order()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_files.Path, "definitions")).FullName;
        File.WriteAllText(Path.Combine(folder, "b.yaml"), Definitions.Yaml("cli-dir-b"));
        File.WriteAllText(Path.Combine(folder, "a.json"), Definitions.Json("cli-dir-a"));
        File.WriteAllText(Path.Combine(folder, "c.yml"), Definitions.Yaml("cli-dir-c"));
        File.WriteAllText(Path.Combine(folder, "README.md"), "# not a definition");

        var result = await WeftCli.RunAsync("deploy", folder, "--server", Url);

        CliAssert.Succeeded(result);
        Assert.Equal(
            ["Deployed cli-dir-a version 1 (a.json).", "Deployed cli-dir-b version 1 (b.yaml).", "Deployed cli-dir-c version 1 (c.yml)."],
            result.StdOut.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')));
        foreach (var id in new[] { "cli-dir-a", "cli-dir-b", "cli-dir-c" })
        {
            Assert.Equal(1, (int)(await _server.Client.GetDefinitionAsync(id))["version"]!);
        }
    }

    [Fact]
    public async Task Deploy_of_a_directory_stops_at_the_first_refused_file_and_names_it()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_files.Path, "some-broken")).FullName;
        File.WriteAllText(Path.Combine(folder, "a.json"), Definitions.Json("cli-dir-first"));
        File.WriteAllText(Path.Combine(folder, "b.json"), "{ this is not json");
        File.WriteAllText(Path.Combine(folder, "c.json"), Definitions.Json("cli-dir-never"));

        var result = await WeftCli.RunAsync("deploy", folder, "--server", Url);

        CliAssert.Failed(result, 4, "b.json: ", "JSON");
        Assert.Equal("Deployed cli-dir-first version 1 (a.json).", result.StdOut.TrimEnd());
        var listed = await _server.Client.ListDefinitionsAsync();
        Assert.DoesNotContain(listed.Items, d => (string?)d["id"] == "cli-dir-never");
    }

    [Fact]
    public async Task Deploy_of_a_directory_without_definition_files_exits_2_and_says_what_to_pass()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_files.Path, "empty")).FullName;
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "nothing to deploy");

        var result = await WeftCli.RunAsync("deploy", folder, "--server", Url);

        CliAssert.RefusedUsage(result, folder, "is a directory", ".json", ".yaml");
        Assert.Equal("", result.StdOut);
    }

    [Fact]
    public async Task Deploy_of_an_invalid_definition_exits_4_and_lists_every_problem()
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

        // The one case of more than one line on stderr: a heading, then each of the definition's problems.
        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.StartsWith("weft: ", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("cli-broken", result.StdErr, StringComparison.Ordinal);
        CliAssert.NoStackTrace(result);
        var lines = result.StdErr.TrimEnd().Split('\n');
        Assert.True(lines.Length >= 3, $"each problem on its own line; {result}");
        Assert.Contains(lines, l => l.StartsWith("  - ", StringComparison.Ordinal) && l.Contains("'nowhere'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  - ", StringComparison.Ordinal) && l.Contains("'TELEPORT'", StringComparison.Ordinal));
        var listed = await _server.Client.ListDefinitionsAsync();
        Assert.DoesNotContain(listed.Items, d => (string?)d["id"] == "cli-broken");
    }

    [Fact]
    public async Task Deploy_of_a_file_that_is_not_json_exits_4_and_says_so()
    {
        var file = _files.Write("garbage.json", "{ this is not json");

        var result = await WeftCli.RunAsync("deploy", file, "--server", Url);

        CliAssert.Failed(result, 4, "JSON");
    }

    [Fact]
    public async Task Deploy_prints_a_warning_for_each_required_catalog_input_that_nothing_provides()
    {
        using var catalog = new StringContent(
            """{"tasks": [{"name": "cli-catalogued", "inputs": [{"name": "amount", "type": "number"}]}]}""",
            System.Text.Encoding.UTF8,
            "application/json");
        (await _server.Http.PutAsync("/v1/catalog/cli-billing", catalog)).EnsureSuccessStatusCode();
        var file = _files.Write("cli-warned.json", Definitions.Json("cli-warned", jobType: "cli-catalogued"));

        var result = await WeftCli.RunAsync("deploy", file, "--server", Url);

        CliAssert.Succeeded(result);
        Assert.Equal(
            "Deployed cli-warned version 1.\nwarning: Step 'do-work' runs task 'cli-catalogued' (catalog 'cli-billing'), which needs the input 'amount'; no step of this definition sets it, so it must come with the instance's start variables.",
            result.StdOut.ReplaceLineEndings("\n").TrimEnd());
    }

    private static Regex DeployedLine(string id, int version) => new($@"^Deployed {Regex.Escape(id)} version {version}\.\r?\n$");
}
