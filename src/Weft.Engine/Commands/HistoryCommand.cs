using System.Text.Json.Nodes;

namespace Weft.Engine.Commands;

internal sealed class HistoryCommand(WeftEngine engine) : WeftCommand
{
    public override string Name => "history";

    public override string Summary => "The instance's step executions (one per attempt), in the order they started.";

    public override IReadOnlyList<CommandArgument> Arguments { get; } = [new("instanceId", "string", true, "The instance's id.")];

    public override JsonObject ExampleArgs => new() { ["instanceId"] = "0196a3c2-7f11-7c3e-9d5a-2b8f4e6a1c90" };

    public override async Task<JsonNode?> RunAsync(CommandArgs args, CancellationToken cancellationToken) =>
        new JsonObject { ["items"] = CommandJson.ToNode(await engine.Instances.GetHistoryAsync(args.RequiredString("instanceId"), cancellationToken)) };
}
