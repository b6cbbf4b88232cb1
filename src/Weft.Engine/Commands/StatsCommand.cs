using System.Text.Json.Nodes;

namespace Weft.Engine.Commands;

internal sealed class StatsCommand(WeftEngine engine) : WeftCommand
{
    public override string Name => "stats";

    public override string Summary => "Counts: instances by status, open jobs per job type (waiting, locked, held), and timers due.";

    public override async Task<JsonNode?> RunAsync(CommandArgs args, CancellationToken cancellationToken) =>
        CommandJson.ToNode(await engine.Store.GetStatsAsync(engine.Time.GetUtcNow(), cancellationToken));
}
