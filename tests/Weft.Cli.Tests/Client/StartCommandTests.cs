using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Weft.Cli.Tests.Support;
using Weft.Server.Tests.Support;

namespace Weft.Cli.Tests.Client;

public sealed class StartCommandTests : IAsyncLifetime
{
    private WeftTestServer _server = null!;

    private string Url => _server.BaseAddress.ToString();

    public async Task InitializeAsync()
    {
        _server = await WeftTestServer.StartAsync();
        await _server.Client.UploadDefinitionAsync(Definitions.Json("cli-start"));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Start_with_vars_and_a_business_key_stores_each_value_with_its_json_type()
    {
        var result = await WeftCli.RunAsync(
            "start", "cli-start",
            "--var", "amount=42",
            "--var", "ratio=2.5",
            "--var", "approved=true",
            "--var", "customer=Ada Lovelace",
            "--var", "code=\"007\"",
            "--var", """order={"id":7,"lines":["a","b"]}""",
            "--var", "note=a=b",
            "--business-key", "order-7",
            "--server", Url);

        CliAssert.Succeeded(result);
        var match = Regex.Match(result.StdOut, @"^Started instance (\S+) of cli-start v1\.", RegexOptions.Multiline);
        Assert.True(match.Success, result.ToString());
        var id = match.Groups[1].Value;
        Assert.Contains($"weft show {id}", result.StdOut, StringComparison.Ordinal);

        var instance = JsonNode.Parse(await _server.Http.GetStringAsync($"/v1/instances/{id}"))!;
        Assert.Equal("order-7", (string?)instance["businessKey"]);
        var variables = instance["variables"]!.AsObject();
        Assert.Equal(JsonValueKind.Number, variables["amount"]!.GetValueKind());
        Assert.Equal(42, (int)variables["amount"]!);
        Assert.Equal(JsonValueKind.Number, variables["ratio"]!.GetValueKind());
        Assert.Equal(2.5, (double)variables["ratio"]!);
        Assert.Equal(JsonValueKind.True, variables["approved"]!.GetValueKind());
        Assert.Equal(JsonValueKind.String, variables["customer"]!.GetValueKind());
        Assert.Equal("Ada Lovelace", (string?)variables["customer"]);
        Assert.Equal(JsonValueKind.String, variables["code"]!.GetValueKind());
        Assert.Equal("007", (string?)variables["code"]);
        Assert.Equal(JsonValueKind.Object, variables["order"]!.GetValueKind());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"id":7,"lines":["a","b"]}"""), variables["order"]));
        Assert.Equal("a=b", (string?)variables["note"]);
    }

    [Fact]
    public async Task Start_of_an_unknown_definition_exits_3_and_names_it()
    {
        var result = await WeftCli.RunAsync("start", "no-such-definition", "--server", Url);

        CliAssert.Failed(result, 3, "no-such-definition");
        Assert.Equal("", result.StdOut);
    }

    [Theory]
    [InlineData("amount")]
    [InlineData("=42")]
    public async Task Start_with_a_var_that_is_not_name_equals_value_exits_2_and_starts_nothing(string assignment)
    {
        var result = await WeftCli.RunAsync("start", "cli-start", "--var", assignment, "--server", Url);

        CliAssert.RefusedUsage(result, assignment, "name=value");
        var started = await _server.Client.ListInstancesAsync();
        Assert.Equal(0, started.Total);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task Start_of_an_empty_definition_id_exits_2_without_asking_the_server(string id)
    {
        var result = await WeftCli.RunAsync("start", id, "--server", Url);

        CliAssert.RefusedUsage(result, "definition id", "weft deploy");
        var started = await _server.Client.ListInstancesAsync();
        Assert.Equal(0, started.Total);
    }
}
