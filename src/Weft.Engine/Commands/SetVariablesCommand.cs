using System.Text.Json.Nodes;

namespace Weft.Engine.Commands;

internal sealed class SetVariablesCommand(WeftEngine engine) : WeftCommand
{
    public override string Name => "set-variables";

    public override string Summary => "Merges variables into an instance that is not finished (a top-level key replaces the old value).";

    public override IReadOnlyList<CommandArgument> Arguments { get; } =
    [
        new("instanceId", "string", true, "The instance's id."),
        new("variables", "object", true, "The variables to merge."),
    ];

    public override JsonObject ExampleArgs => new()
    {
        ["instanceId"] = "0196a3c2-7f11-7c3e-9d5a-2b8f4e6a1c90",
        ["variables"] = new JsonObject { ["priority"] = "high" },
    };

    public override async Task<JsonNode?> RunAsync(CommandArgs args, CancellationToken cancellationToken) =>
        CommandJson.ToNode(await engine.Instances.SetVariablesAsync(args.RequiredString("instanceId"), args.Json("variables")!, cancellationToken));
}
