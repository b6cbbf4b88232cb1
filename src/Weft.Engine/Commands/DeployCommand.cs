using System.Text.Json.Nodes;
using Weft.Engine.Definitions;

namespace Weft.Engine.Commands;

internal sealed class DeployCommand(WeftEngine engine, CommandHost host) : WeftCommand
{
    public override string Name => "deploy";

    public override string Summary => "Uploads a definition (a JSON object, or YAML text); a changed one becomes a new version.";

    public override IReadOnlyList<CommandArgument> Arguments { get; } =
    [
        new("definition", "object", false, "The definition as JSON (see docs/definitions.md). Give this or yaml."),
        new("yaml", "string", false, "The definition as YAML text. Give this or definition."),
    ];

    public override JsonObject ExampleArgs => new()
    {
        ["definition"] = new JsonObject
        {
            ["id"] = "hello",
            ["steps"] = new JsonArray(
                new JsonObject { ["id"] = "greet", ["type"] = "SERVICE_TASK", ["jobType"] = "greet", ["retryCount"] = 2, ["nextStep"] = "done" },
                new JsonObject { ["id"] = "done", ["type"] = "END" }),
        },
    };

    public override async Task<JsonNode?> RunAsync(CommandArgs args, CancellationToken cancellationToken)
    {
        var definition = args.Json("definition");
        var yaml = args.Text("yaml");
        if ((definition is null) == (yaml is null))
        {
            throw WeftException.Invalid("Command 'deploy' needs exactly one of 'definition' (a JSON object) and 'yaml' (YAML text).");
        }

        string json;
        if (definition is not null)
        {
            json = definition.ToJsonString();
        }
        else
        {
            json = host.YamlToJson is { } convert
                ? convert(yaml!)
                : throw WeftException.Invalid("This host reads no YAML; send the definition as a JSON object in 'definition'.");
        }

        var result = await engine.Definitions.DeployAsync(DefinitionParser.Parse(json), cancellationToken);
        var answer = System.Text.Json.JsonSerializer.SerializeToNode(result.Definition, DefinitionJson.Options)!.AsObject();
        answer["created"] = result.Created;
        answer["warnings"] = new JsonArray([.. result.Warnings.Select(w => (JsonNode)w)]);
        return answer;
    }
}
