using System.Net;
using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;
using Weft.Worker.Client;

namespace Weft.Server.Tests.BadInput;

/// <summary>Hostile progress reports and job reads: a 4xx that names the field and the fix, and no report kept.</summary>
public sealed class ProgressBadInputTests : IAsyncLifetime
{
    private WeftTestServer _server = null!;
    private ActivatedJob _job = null!;
    private string _instanceId = "";

    private HttpClient Http => _server.Http;

    public async Task InitializeAsync()
    {
        _server = await WeftTestServer.StartAsync();
        await _server.Client.UploadDefinitionAsync(TestDefinitions.Single("known", "work"));
        _instanceId = (await _server.Client.StartInstanceAsync("known")).Id;
        _job = Assert.Single(await _server.Client.PollJobsAsync("w", ["work"], 1));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("""{"workerId": "w", "percent": 101}""", "percent is 101; it must be a number from 0 to 100")]
    [InlineData("""{"workerId": "w", "percent": -1}""", "percent is -1; it must be a number from 0 to 100")]
    [InlineData("""{"workerId": "w", "percent": 100.0001}""", "percent is 100.0001; it must be a number from 0 to 100")]
    [InlineData("""{"workerId": "w", "percent": 1e308}""", "it must be a number from 0 to 100")]
    [InlineData("""{"workerId": "w", "percent": 1e400}""", "the number at percent is too large")]
    [InlineData("""{"workerId": "w", "percent": "NaN"}""", "percent has the wrong type: expected a number")]
    [InlineData("""{"workerId": "w", "percent": NaN}""", "not valid JSON")]
    [InlineData("""{"workerId": "w", "percent": "50"}""", "percent has the wrong type: expected a number")]
    [InlineData("""{"workerId": "w", "percent": null}""", "percent is required: a number from 0 to 100")]
    [InlineData("""{"workerId": "w"}""", "percent is required: a number from 0 to 100")]
    [InlineData("""{"percent": 5}""", "workerId is required")]
    [InlineData("""{"workerId": "w", "percent": 5, "message": 7}""", "message has the wrong type: expected a string")]
    [InlineData("""{"workerId": "w", "percent": 5, "message": "\udc00"}""", "the text at message is not valid Unicode")]
    [InlineData("""{"workerId": "w", "percent": 5, "percent": 6}""", "the key 'percent' appears twice")]
    [InlineData("""{"workerId": "w", "percent": 5""", "not valid JSON")]
    [InlineData("""[]""", "the document has the wrong type: expected an object")]
    public async Task A_bad_report_is_400_naming_the_field_and_keeps_nothing(string body, string says)
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);

        await ProblemAssert.IsProblemAsync(await Http.PostJsonTextAsync($"/v1/jobs/{_job.Id}/progress", body), 400, says);

        Assert.Null(JsonNode.Parse(await Http.GetStringAsync($"/v1/jobs/{_job.Id}"))!["progress"]);
    }

    [Fact]
    public async Task An_oversize_message_is_kept_cut_at_4096_characters_with_a_note()
    {
        var message = new string('m', 5000);

        var answer = await Http.PostJsonTextAsync($"/v1/jobs/{_job.Id}/progress", new JsonObject { ["workerId"] = "w", ["percent"] = 1, ["message"] = message }.ToJsonString());

        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        var kept = JsonNode.Parse(await Http.GetStringAsync($"/v1/jobs/{_job.Id}"))!["progress"]!["message"]!.GetValue<string>();
        Assert.Equal(new string('m', 4096) + "… [cut at 4,096 of 5,000 characters]", kept);
        var inHistory = JsonNode.Parse(await Http.GetStringAsync($"/v1/instances/{_instanceId}/history"))!["items"]![0]!["progress"]![0]!["message"]!.GetValue<string>();
        Assert.Equal(kept, inHistory);
    }

    [Theory]
    [InlineData("[]", "The batch holds 0 entries; send 1 to 256")]
    [InlineData("""[{"workerId": "w", "percent": 5}]""", "[0].jobId is required")]
    [InlineData("""{"jobId": "x"}""", "the document has the wrong type: expected a list")]
    [InlineData("""[{"jobId": "x", "jobId": "y"}]""", "the key 'jobId' appears twice")]
    public async Task A_bad_batch_of_reports_is_400_and_keeps_nothing(string body, string says)
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        await ProblemAssert.IsProblemAsync(await Http.PostJsonTextAsync("/v1/jobs/progress", body), 400, says);
    }

    [Fact]
    public async Task A_batch_of_257_reports_is_refused()
    {
        await using var unchanged = await StateSnapshot.TakeAsync(_server);
        var batch = new JsonArray([.. Enumerable.Range(0, 257).Select(_ => (JsonNode)new JsonObject { ["jobId"] = _job.Id, ["workerId"] = "w", ["percent"] = 1 })]);

        await ProblemAssert.IsProblemAsync(await Http.PostJsonTextAsync("/v1/jobs/progress", batch.ToJsonString()), 400, "The batch holds 257 entries; send 1 to 256");

        Assert.Null(JsonNode.Parse(await Http.GetStringAsync($"/v1/jobs/{_job.Id}"))!["progress"]);
    }

    [Theory]
    [InlineData("/v1/jobs/%20")]
    [InlineData("/v1/jobs/..%2F..%2Fetc")]
    [InlineData("/v1/jobs/' OR 1=1 --")]
    public async Task Reading_a_job_by_a_strange_id_is_404(string path) =>
        await ProblemAssert.IsProblemAsync(await Http.GetAsync(path), 404, "does not exist");

    [Fact]
    public async Task Listing_workers_ignores_query_strings() =>
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync("/v1/workers?since=%00&page=-1")).StatusCode);
}
