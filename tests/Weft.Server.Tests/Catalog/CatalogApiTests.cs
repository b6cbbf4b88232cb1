using System.Net;
using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;

namespace Weft.Server.Tests.Catalog;

/// <summary>PUT /v1/catalog/{namespace} (merge, or ?replace=true), GET /v1/catalog and GET /v1/catalog/{namespace}.</summary>
public sealed class CatalogApiTests : IAsyncLifetime
{
    private const string Double = """
        { "name": "double", "description": "Doubles an integer", "version": "1.0", "timeout": "PT5M",
          "inputs": [ { "name": "value", "type": "integer", "required": true, "description": "the number" },
                      { "name": "unit", "type": "string", "required": false, "default": "cm", "allowedValues": ["cm", "in"] } ],
          "outputs": [ { "name": "value", "type": "integer", "description": "twice the input" } ] }
        """;

    private WeftTestServer _server = null!;

    private HttpClient Http => _server.Http;

    public async Task InitializeAsync() => _server = await WeftTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Publishing_answers_the_namespace_with_every_field_of_its_tasks()
    {
        var answer = await PutAsync("/v1/catalog/samples", $$"""{ "tasks": [ {{Double}}, { "name": "echo" } ] }""");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var body = await ReadAsync(answer);
        Assert.Equal("samples", body["namespace"]!.GetValue<string>());
        Assert.True(DateTimeOffset.TryParse(body["updatedAt"]!.GetValue<string>(), out _));
        var tasks = body["tasks"]!.AsArray();
        Assert.Equal(["double", "echo"], tasks.Select(t => t!["name"]!.GetValue<string>()));
        var expected = JsonNode.Parse(Double)!;
        Assert.True(JsonNode.DeepEquals(expected, tasks[0]), $"expected {expected.ToJsonString()} but was {tasks[0]!.ToJsonString()}");
        Assert.Equal("""{"name":"echo","inputs":[],"outputs":[]}""", tasks[1]!.ToJsonString());
    }

    [Fact]
    public async Task An_input_without_required_is_required_unless_it_has_a_default()
    {
        var body = await ReadAsync(await PutAsync("/v1/catalog/samples", """
            { "tasks": [ { "name": "t", "inputs": [ { "name": "a", "type": "any" }, { "name": "b", "type": "any", "default": 1 } ] } ] }
            """));

        var inputs = body["tasks"]![0]!["inputs"]!.AsArray();
        Assert.Equal([true, false], inputs.Select(i => i!["required"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task Publishing_again_merges_by_name_and_keeps_the_namespaces_other_tasks()
    {
        await PutAsync("/v1/catalog/samples", """{ "tasks": [ { "name": "echo", "version": "1" }, { "name": "double" } ] }""");

        var body = await ReadAsync(await PutAsync("/v1/catalog/samples", """{ "tasks": [ { "name": "echo", "version": "2" }, { "name": "zero_division" } ] }"""));

        Assert.Equal(["double", "echo", "zero_division"], Names(body));
        Assert.Equal("2", body["tasks"]![1]!["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task Publishing_with_replace_removes_tasks_no_longer_offered()
    {
        await PutAsync("/v1/catalog/samples", """{ "tasks": [ { "name": "echo" }, { "name": "double" } ] }""");

        var body = await ReadAsync(await PutAsync("/v1/catalog/samples?replace=true", """{ "tasks": [ { "name": "double" } ] }"""));

        Assert.Equal(["double"], Names(body));
        Assert.Equal(["double"], Names(await GetAsync("/v1/catalog/samples")));
    }

    [Fact]
    public async Task Replacing_with_an_empty_list_empties_the_namespace()
    {
        await PutAsync("/v1/catalog/samples", """{ "tasks": [ { "name": "echo" } ] }""");

        await PutAsync("/v1/catalog/samples?replace=true", """{ "tasks": [] }""");

        Assert.Empty(Names(await GetAsync("/v1/catalog/samples")));
    }

    [Fact]
    public async Task The_catalog_lists_every_namespace_sorted_by_name()
    {
        await PutAsync("/v1/catalog/samples", """{ "tasks": [ { "name": "echo" } ] }""");
        await PutAsync("/v1/catalog/billing", """{ "tasks": [ { "name": "refund" }, { "name": "charge" } ] }""");

        var items = (await GetAsync("/v1/catalog"))["items"]!.AsArray();

        Assert.Equal(["billing", "samples"], items.Select(n => n!["namespace"]!.GetValue<string>()));
        Assert.Equal(["charge", "refund"], Names(items[0]!));
    }

    [Fact]
    public async Task An_empty_catalog_lists_no_items() =>
        Assert.Equal("""{"items":[]}""", (await GetAsync("/v1/catalog")).ToJsonString());

    [Fact]
    public async Task One_namespace_is_read_by_name_and_an_unknown_one_is_404()
    {
        await PutAsync("/v1/catalog/samples", $$"""{ "tasks": [ {{Double}} ] }""");

        Assert.Equal(["double"], Names(await GetAsync("/v1/catalog/samples")));
        await ProblemAssert.IsProblemAsync(await Http.GetAsync("/v1/catalog/nobody"), 404, "The catalog has no namespace 'nobody'");
    }

    [Fact]
    public async Task The_published_catalog_survives_a_restart()
    {
        await PutAsync("/v1/catalog/samples", $$"""{ "tasks": [ {{Double}} ] }""");
        var before = await Http.GetStringAsync("/v1/catalog");
        var folder = _server.Folder;
        await _server.StopAsync();
        _server = await WeftTestServer.StartAsync(folder: folder);

        Assert.Equal(before, await Http.GetStringAsync("/v1/catalog"));
        await _server.StopAsync();
        Directory.Delete(folder, recursive: true);
        _server = await WeftTestServer.StartAsync(); // DisposeAsync stops this one
    }

    private Task<HttpResponseMessage> PutAsync(string path, string json) =>
        Http.PutAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    private async Task<JsonNode> GetAsync(string path) => JsonNode.Parse(await Http.GetStringAsync(path))!;

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!;
    }

    private static List<string> Names(JsonNode @namespace) => [.. @namespace["tasks"]!.AsArray().Select(t => t!["name"]!.GetValue<string>())];
}
