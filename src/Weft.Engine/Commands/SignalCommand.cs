using System.Text.Json.Nodes;

namespace Weft.Engine.Commands;

internal sealed class SignalCommand(WeftEngine engine) : WeftCommand
{
    public override string Name => "signal";

    public override string Summary => "Signals an instance waiting at a WAIT step; the variables are merged into the instance's.";

    public override IReadOnlyList<CommandArgument> Arguments { get; } =
    [
        new("instanceId", "string", true, "The instance's id."),
        new("stepId", "string", true, "The WAIT step it waits at."),
        new("variables", "object", false, "Variables to merge into the instance's."),
    ];

    public override JsonObject ExampleArgs => new()
    {
        ["instanceId"] = "0196a3c2-7f11-7c3e-9d5a-2b8f4e6a1c90",
        ["stepId"] = "await-payment",
        ["variables"] = new JsonObject { ["paid"] = true },
    };

    public override async Task<JsonNode?> RunAsync(CommandArgs args, CancellationToken cancellationToken) =>
        CommandJson.ToNode(await engine.Instances.SignalAsync(
            args.RequiredString("instanceId"), args.RequiredString("stepId"), args.Json("variables"), cancellationToken));
}
