using System.Net;
using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;

namespace Weft.Server.Tests.Definitions;

/// <summary>The upload answer's <c>warnings</c>: required inputs of catalogued tasks that no step of the definition sets.</summary>
public sealed class UploadWarningsTests : IAsyncLifetime
{
    private WeftTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await WeftTestServer.StartAsync();
        var published = await _server.Http.PutAsync("/v1/catalog/billing", new StringContent("""
            { "tasks": [
              { "name": "charge-card", "inputs": [ { "name": "amount", "type": "number" }, { "name": "currency", "type": "string", "default": "EUR" } ],
                "outputs": [ { "name": "receipt", "type": "string" } ] },
              { "name": "price", "outputs": [ { "name": "amount", "type": "number" } ] } ] }
            """, System.Text.Encoding.UTF8, "application/json"));
        published.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_required_input_that_nothing_sets_is_a_warning_and_the_definition_is_still_stored()
    {
        var answer = await UploadAsync("""
            { "id": "pay", "steps": [
              { "id": "charge", "type": "SERVICE_TASK", "jobType": "charge-card", "nextStep": "end" },
              { "id": "end", "type": "END" } ] }
            """);

        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        var body = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        Assert.Equal(
            ["Step 'charge' runs task 'charge-card' (catalog 'billing'), which needs the input 'amount'; no step of this definition sets it, so it must come with the instance's start variables."],
            body["warnings"]!.AsArray().Select(w => w!.GetValue<string>()));
        Assert.Equal(1, body["version"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, (await _server.Http.GetAsync("/v1/definitions/pay")).StatusCode);
    }

    [Theory]
    [InlineData("""{ "id": "p", "type": "SERVICE_TASK", "jobType": "price", "nextStep": "charge" }""")]
    [InlineData("""{ "id": "p", "type": "TRANSFORMATION", "transformations": { "amount": 12.5 }, "nextStep": "charge" }""")]
    [InlineData("""{ "id": "p", "type": "SUB_WORKFLOW", "workflowId": "quote", "outputMapping": { "amount": "total" }, "nextStep": "charge" }""")]
    public async Task A_step_that_sets_the_input_leaves_no_warning(string setter)
    {
        var answer = await UploadAsync($$"""
            { "id": "pay", "steps": [
              {{setter}},
              { "id": "charge", "type": "SERVICE_TASK", "jobType": "charge-card", "nextStep": "end" },
              { "id": "end", "type": "END" } ] }
            """);

        var body = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        Assert.True(answer.IsSuccessStatusCode, body.ToJsonString());
        Assert.Empty(body["warnings"]!.AsArray());
    }

    [Fact]
    public async Task An_upload_without_catalogued_tasks_has_an_empty_warnings_list()
    {
        var answer = await UploadAsync(TestDefinitions.Linear("plain"));

        Assert.Equal("[]", JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["warnings"]!.ToJsonString());
    }

    [Fact]
    public async Task Re_uploading_an_identical_definition_warns_again()
    {
        const string Definition = """
            { "id": "pay", "steps": [
              { "id": "charge", "type": "SERVICE_TASK", "jobType": "charge-card", "nextStep": "end" }, { "id": "end", "type": "END" } ] }
            """;
        await UploadAsync(Definition);

        var again = await UploadAsync(Definition);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Single(JsonNode.Parse(await again.Content.ReadAsStringAsync())!["warnings"]!.AsArray());
    }

    private Task<HttpResponseMessage> UploadAsync(string json) => _server.Http.PostJsonTextAsync("/v1/definitions", json);
}
