using System.Text.Json;

namespace Weft.Server.Tests.Support;

/// <summary>Captures what the API shows of the server's state and, on dispose, asserts it is exactly the same.</summary>
public sealed class StateSnapshot : IAsyncDisposable
{
    private readonly WeftTestServer _server;
    private readonly string _before;

    private StateSnapshot(WeftTestServer server, string before)
    {
        _server = server;
        _before = before;
    }

    public static async Task<StateSnapshot> TakeAsync(WeftTestServer server) => new(server, await ReadAsync(server));

    public async ValueTask DisposeAsync() => Assert.Equal(_before, await ReadAsync(_server));

    private static async Task<string> ReadAsync(WeftTestServer server)
    {
        var definitions = await server.Http.GetStringAsync("/v1/definitions?pageSize=500");
        var instances = await server.Client.ListInstancesAsync(pageSize: 500);
        var histories = new List<string>();
        foreach (var instance in instances.Items)
        {
            histories.Add(await server.Http.GetStringAsync($"/v1/instances/{instance.Id}/history"));
        }

        var catalog = await server.Http.GetStringAsync("/v1/catalog");
        return definitions + catalog + JsonSerializer.Serialize(instances.Items.Select(i => new { i.Id, i.Status, i.UpdatedAt })) + string.Join("", histories);
    }
}
