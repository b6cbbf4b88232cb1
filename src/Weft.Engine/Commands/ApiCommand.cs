using System.Text.Json.Nodes;

namespace Weft.Engine.Commands;

internal sealed class ApiCommand(CommandRegistry registry) : WeftCommand
{
    public override string Name => "api";

    public override string Summary => "Lists every command; with endpoint, that command's help: its arguments and an example.";

    public override IReadOnlyList<CommandArgument> Arguments { get; } =
        [new("endpoint", "string", false, "The command to describe, e.g. \"retry\".")];

    public override JsonObject ExampleArgs => new() { ["endpoint"] = "retry" };

    public override Task<JsonNode?> RunAsync(CommandArgs args, CancellationToken cancellationToken)
    {
        if (args.Text("endpoint") is not { } name)
        {
            var list = new JsonArray([.. registry.Commands.Select(c => new JsonObject { ["name"] = c.Name, ["summary"] = c.Summary })]);
            return Task.FromResult<JsonNode?>(list);
        }

        var command = registry.Find(name) ?? throw WeftException.NotFound(
            $"There is no command '{(name.Length > 64 ? name[..64] : name)}'. Known commands, closest first: {string.Join(", ", registry.ClosestFirst(name))}.");
        return Task.FromResult<JsonNode?>(new JsonObject
        {
            ["name"] = command.Name,
            ["summary"] = command.Summary,
            ["arguments"] = CommandJson.ToNode(command.Arguments),
            ["example"] = command.ExampleEnvelope,
        });
    }
}
