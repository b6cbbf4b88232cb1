using System.Text.Json.Nodes;

namespace Weft.Engine.Commands;

internal sealed class ShowCommand(WeftEngine engine) : WeftCommand
{
    public override string Name => "show";

    public override string Summary => "One instance: status, variables, current steps and the progress of its running jobs.";

    public override IReadOnlyList<CommandArgument> Arguments { get; } = [new("instanceId", "string", true, "The instance's id.")];

    public override JsonObject ExampleArgs => new() { ["instanceId"] = "0196a3c2-7f11-7c3e-9d5a-2b8f4e6a1c90" };

    public override async Task<JsonNode?> RunAsync(CommandArgs args, CancellationToken cancellationToken) =>
        CommandJson.ToNode(await engine.Instances.GetAsync(args.RequiredString("instanceId"), cancellationToken));
}
