using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;

namespace Weft.Server.Tests.Workers;

/// <summary>GET /v1/workers: who polled in the last hour, for which job types, when last, and how many jobs each holds.</summary>
public sealed class WorkerApiTests : IAsyncLifetime
{
    private WeftTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await WeftTestServer.StartAsync();
        await _server.Client.UploadDefinitionAsync(TestDefinitions.Single("single", "work"));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task No_polls_list_no_workers() =>
        Assert.Equal("""{"items":[]}""", await _server.Http.GetStringAsync("/v1/workers"));

    [Fact]
    public async Task Workers_that_polled_are_listed_by_id_with_their_job_types_last_poll_and_jobs_held()
    {
        await _server.Client.StartInstanceAsync("single");
        await _server.Client.StartInstanceAsync("single");
        await _server.Client.PollJobsAsync("w2", ["work", "echo", "work"], 2);
        await _server.Client.PollJobsAsync("w1", ["echo"], 1);
        await _server.Engine.Workers.FlushAsync();

        var items = (await ListAsync())["items"]!.AsArray();

        Assert.Equal(["w1", "w2"], items.Select(w => w!["workerId"]!.GetValue<string>()));
        Assert.Equal("""["echo"]""", items[0]!["jobTypes"]!.ToJsonString());
        Assert.Equal("""["echo","work"]""", items[1]!["jobTypes"]!.ToJsonString());
        Assert.Equal([0, 2], items.Select(w => w!["jobsHeld"]!.GetValue<int>()));
        Assert.All(items, w => Assert.True(DateTimeOffset.UtcNow - DateTimeOffset.Parse(w!["lastPollAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) < TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task A_worker_that_polls_for_other_job_types_is_listed_with_the_new_ones()
    {
        await _server.Client.PollJobsAsync("w1", ["echo"], 1);
        await _server.Engine.Workers.FlushAsync();

        await _server.Client.PollJobsAsync("w1", ["double"], 1);
        await _server.Engine.Workers.FlushAsync();

        Assert.Equal("""["double"]""", (await ListAsync())["items"]![0]!["jobTypes"]!.ToJsonString());
    }

    [Fact]
    public async Task A_worker_is_listed_soon_after_its_poll_without_waiting_for_anything_else()
    {
        await _server.Client.PollJobsAsync("lonely", ["echo"], 1);

        var listed = await Eventually.ReturnsAsync(ListAsync, l => l["items"]!.AsArray().Count == 1, "the worker to be listed", TimeSpan.FromSeconds(10));

        Assert.Equal("lonely", listed["items"]![0]!["workerId"]!.GetValue<string>());
    }

    private async Task<JsonNode> ListAsync() => JsonNode.Parse(await _server.Http.GetStringAsync("/v1/workers"))!;
}
