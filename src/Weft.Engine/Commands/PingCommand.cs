using System.Text.Json.Nodes;

namespace Weft.Engine.Commands;

internal sealed class PingCommand(WeftEngine engine, CommandHost host) : WeftCommand
{
    public override string Name => "ping";

    public override string Summary => "Checks the server answers: its version, the id of this run, and its clock.";

    public override Task<JsonNode?> RunAsync(CommandArgs args, CancellationToken cancellationToken) =>
        Task.FromResult<JsonNode?>(new JsonObject
        {
            ["version"] = host.Version,
            ["runId"] = host.RunId,
            ["time"] = CommandJson.ToNode(engine.Time.GetUtcNow()),
        });
}
