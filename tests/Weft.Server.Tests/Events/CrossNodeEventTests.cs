using Weft.Server.Tests.Support;
using Weft.Testing.Postgres;

namespace Weft.Server.Tests.Events;

/// <summary>Two server nodes on one PostgreSQL database: an event committed on one reaches a subscriber of the other.</summary>
public sealed class CrossNodeEventTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task An_event_committed_on_node_1_reaches_a_subscriber_on_node_2()
    {
        var connectionString = await database.CreateSchemaAsync();
        await using var node1 = await WeftTestServer.StartAsync(configure: o => o.Database = connectionString);
        await using var node2 = await WeftTestServer.StartAsync(configure: o => o.Database = connectionString);
        await node1.Client.UploadDefinitionAsync(TestDefinitions.Single("cross", "cross-job"));
        await using var stream = await SseReader.OpenAsync(node2.Http);
        Assert.Equal("snapshot", (await stream.NextAsync())!.Name);

        var instance = await node1.Client.StartInstanceAsync("cross");
        var job = Assert.Single(await node1.Client.PollJobsAsync("w", ["cross-job"], 1));
        await node1.Client.CompleteJobAsync(job.Id, "w", null);

        var seen = await stream.UntilAsync(m => m.Kind == "instance/completed");
        Assert.Equal(
            ["instance/started", "token/created", "job/created", "job/locked", "job/completed", "token/completed", "instance/completed"],
            seen.Select(m => m.Kind));
        Assert.All(seen, m => Assert.Equal(instance.Id, m.Data!["instanceId"]!.GetValue<string>()));
    }
}
