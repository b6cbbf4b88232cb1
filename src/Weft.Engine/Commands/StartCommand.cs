using System.Text.Json.Nodes;
using Weft.Engine.Instances;

namespace Weft.Engine.Commands;

internal sealed class StartCommand(WeftEngine engine) : WeftCommand
{
    public override string Name => "start";

    public override string Summary => "Starts an instance of a definition (its latest version unless version is given).";

    public override IReadOnlyList<CommandArgument> Arguments { get; } =
    [
        new("definitionId", "string", true, "The definition to start."),
        new("variables", "object", false, "The instance's first variables."),
        new("businessKey", "string", false, "Your own key for the instance, e.g. an order number; selectors match it."),
        new("version", "integer", false, "The definition version to run; the latest when left out."),
    ];

    public override JsonObject ExampleArgs => new()
    {
        ["definitionId"] = "hello",
        ["variables"] = new JsonObject { ["name"] = "Ada" },
        ["businessKey"] = "greeting-1",
    };

    public override async Task<JsonNode?> RunAsync(CommandArgs args, CancellationToken cancellationToken) =>
        CommandJson.ToNode(await engine.Instances.StartAsync(
            new StartInstanceCommand(args.RequiredString("definitionId"), args.Json("variables"), args.Text("businessKey"), args.Number("version")), cancellationToken));
}
