using System.Text;
using Weft.Server.Tests.Support;

namespace Weft.Server.Tests.BadInput;

/// <summary>Hostile publishes to PUT /v1/catalog/{namespace}: each a 4xx that names the field and the fix, and the catalog unchanged.</summary>
public sealed class CatalogBadInputTests : IAsyncLifetime
{
    private WeftTestServer _server = null!;

    private HttpClient Http => _server.Http;

    public async Task InitializeAsync()
    {
        _server = await WeftTestServer.StartAsync(configure: o => o.MaxRequestBodyBytes = 256 * 1024);
        (await PutAsync("/v1/catalog/samples", """{ "tasks": [ { "name": "echo" } ] }""")).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("has%20space", "The namespace 'has space' is not valid")]
    [InlineData("semi%3Bcolon", "The namespace 'semi;colon' is not valid")]
    [InlineData("%C3%BCber", "The namespace 'über' is not valid")]
    public async Task A_bad_namespace_is_refused_saying_which_characters_are_allowed(string @namespace, string says)
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        var problem = await ProblemAssert.IsProblemAsync(await PutAsync($"/v1/catalog/{@namespace}", """{ "tasks": [] }"""), 400, says);
        Assert.Contains("1 to 128 characters of A-Z, a-z, 0-9, '.', '_' and '-'", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(await Http.GetAsync($"/v1/catalog/{@namespace}"), 400, says);
    }

    [Fact]
    public async Task A_namespace_of_129_characters_is_refused()
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        await ProblemAssert.IsProblemAsync(await PutAsync($"/v1/catalog/{new string('n', 129)}", """{ "tasks": [] }"""), 400, "1 to 128 characters");
    }

    [Theory]
    [InlineData("""{ "tasks": [ { "name": "a" }, { "name": "a" } ] }""", "tasks[1].name 'a' is also the name of tasks[0]; task names must be unique")]
    [InlineData("""{ "tasks": [ { "name": "a", "inputs": [ { "name": "x", "type": "int" } ] } ] }""", "tasks[0].inputs[0].type 'int' is unknown; use one of string, integer, number, boolean, datetime, object, array, any")]
    [InlineData("""{ "tasks": [ { "name": "a", "outputs": [ { "name": "x" } ] } ] }""", "tasks[0].outputs[0].type is missing")]
    [InlineData("""{ "tasks": [ { "name": "a", "inputs": [ { "name": "x", "type": "any" }, { "name": "x", "type": "any" } ] } ] }""", "tasks[0].inputs[1].name 'x' is also the name of tasks[0].inputs[0]")]
    [InlineData("""{ "tasks": [ { "name": " a" } ] }""", "tasks[0].name ' a' starts or ends with white space; remove it")]
    [InlineData("""{ "tasks": [ { "name": "" } ] }""", "tasks[0].name is blank")]
    [InlineData("""{ "tasks": [ { "name": "a", "timeout": "5m" } ] }""", "tasks[0].timeout '5m'")]
    [InlineData("""{ "tasks": [ { "name": "a", "inputs": [ { "name": "u", "type": "string", "allowedValues": "cm" } ] } ] }""", "tasks[0].inputs[0].allowedValues must be a list")]
    [InlineData("""{ "tasks": [ null ] }""", "tasks[0] is null")]
    [InlineData("""{ }""", "tasks is missing: send {\"tasks\": [...]}")]
    public async Task A_publish_with_a_bad_task_is_refused_naming_the_field(string body, string says)
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        await ProblemAssert.IsProblemAsync(await PutAsync("/v1/catalog/samples?replace=true", body), 400, says);
    }

    [Theory]
    [InlineData("""{ "tasks": [ { "name": "a", "colour": "red" } ] }""", "unknown field 'colour' at tasks[0]. Check its spelling")]
    [InlineData("""{ "tasks": "all of them" }""", "tasks has the wrong type: expected a list")]
    [InlineData("""{ "tasks": [ { "name": 5 } ] }""", "tasks[0].name has the wrong type")]
    [InlineData("""{ "tasks": [ { "name": "a", "inputs": [ { "name": "x", "type": "any", "required": "yes" } ] } ] }""", "tasks[0].inputs[0].required has the wrong type: expected true or false")]
    public async Task A_publish_of_the_wrong_shape_is_refused_naming_the_field(string body, string says)
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        await ProblemAssert.IsProblemAsync(await PutAsync("/v1/catalog/samples", body), 400, says);
    }

    [Fact]
    public async Task A_thousand_and_one_tasks_are_refused_saying_the_limit()
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        var tasks = string.Join(", ", Enumerable.Range(0, 1001).Select(i => $$"""{ "name": "t{{i}}" }"""));
        await ProblemAssert.IsProblemAsync(
            await PutAsync("/v1/catalog/samples", $$"""{ "tasks": [ {{tasks}} ] }"""), 400, "tasks lists 1,001 tasks; one request may publish at most 1,000");
    }

    [Fact]
    public async Task A_task_with_257_inputs_is_refused_saying_the_limit()
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        var inputs = string.Join(", ", Enumerable.Range(0, 257).Select(i => $$"""{ "name": "i{{i}}", "type": "any" }"""));
        await ProblemAssert.IsProblemAsync(
            await PutAsync("/v1/catalog/samples", $$"""{ "tasks": [ { "name": "a", "inputs": [ {{inputs}} ] } ] }"""), 400, "tasks[0].inputs lists 257 parameters; a task may have at most 256");
    }

    [Fact]
    public async Task Malformed_json_is_a_400_that_points_at_the_position()
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        await ProblemAssert.IsProblemAsync(await PutAsync("/v1/catalog/samples", """{"tasks": [ oops ]}"""), 400, "not valid JSON (line 1, byte");
    }

    [Fact]
    public async Task Duplicate_keys_are_refused_naming_the_key()
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        await ProblemAssert.IsProblemAsync(
            await PutAsync("/v1/catalog/samples", """{ "tasks": [ { "name": "a", "name": "b" } ] }"""), 400, "the key 'name' appears twice");
    }

    [Fact]
    public async Task A_lone_surrogate_is_refused_naming_where_it_is()
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        await ProblemAssert.IsProblemAsync(
            await PutAsync("/v1/catalog/samples", """{ "tasks": [ { "name": "a", "description": "\udc00" } ] }"""), 400, "not valid Unicode");
    }

    [Fact]
    public async Task An_empty_body_is_refused_saying_what_to_send()
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        await ProblemAssert.IsProblemAsync(await PutAsync("/v1/catalog/samples", ""), 400, "The body is empty. Send {\"tasks\": [...]}");
    }

    [Fact]
    public async Task A_replace_value_other_than_true_or_false_is_refused()
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        await ProblemAssert.IsProblemAsync(await PutAsync("/v1/catalog/samples?replace=yes", """{ "tasks": [] }"""), 400, "replace is 'yes'; send replace=true");
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415()
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        var response = await Http.PutAsync("/v1/catalog/samples", new StringContent("tasks: []", Encoding.UTF8, "text/plain"));
        await ProblemAssert.IsProblemAsync(response, 415, "Content-Type: application/json");
    }

    [Fact]
    public async Task An_oversize_body_is_413()
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        // Just over the 256 KB limit: a body far larger may still be on its way when the server answers and closes.
        var description = new string('d', 320 * 1024);
        var response = await PutAsync("/v1/catalog/samples", $$"""{ "tasks": [ { "name": "a", "description": "{{description}}" } ] }""");
        await ProblemAssert.IsProblemAsync(response, 413, "larger than this server accepts");
    }

    private Task<HttpResponseMessage> PutAsync(string path, string json) =>
        Http.PutAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
}
