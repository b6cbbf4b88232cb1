using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Weft.Cli.Client;

/// <summary><c>weft start DEFINITION_ID [--var k=v]... [--business-key K]</c>.</summary>
internal static class StartCommand
{
    public static Command Create()
    {
        var definition = new Argument<string>("DEFINITION_ID") { Description = "The definition to start (its latest version)." };
        var variables = new Option<string[]>("--var")
        {
            Description = "A variable as name=value; the value is read as JSON when it is JSON (21, true, \"text\", {...}), else as text. Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var businessKey = new Option<string?>("--business-key") { Description = "Your own key for the instance, e.g. an order number." };
        var command = new Command("start", Examples.Describe(
            "Start an instance of a definition.",
            "weft start order --var amount=42 --business-key order-42")) { definition, variables, businessKey };
        var client = ClientOptions.AddTo(command);
        command.SetAction(async parse =>
        {
            var definitionId = parse.GetValue(definition)!;
            if (ClientCommand.ProblemWithId(definitionId, "definition") is { } problem)
            {
                return Errors.Write(ExitCode.Usage, $"{problem} Pass the id that `weft deploy` printed.");
            }

            JsonObject parsed;
            try
            {
                parsed = ParseVariables(parse.GetValue(variables) ?? []);
            }
            catch (FormatException ex)
            {
                return Errors.Write(ExitCode.Usage, ex.Message);
            }

            return await ClientCommand.RunAsync(parse, client, async weft =>
            {
                var instance = await weft.StartInstanceAsync(definitionId, parsed, parse.GetValue(businessKey));
                if (string.IsNullOrEmpty(instance.Id))
                {
                    throw new JsonException("the answer has no instance id");
                }

                AnsiConsole.MarkupLineInterpolated($"Started instance [bold]{instance.Id}[/] of {instance.DefinitionId} v{instance.DefinitionVersion}.");
                AnsiConsole.MarkupLineInterpolated($"Follow it with: weft show {instance.Id}");
            });
        });
        return command;
    }

    public static JsonObject ParseVariables(IEnumerable<string> assignments)
    {
        var result = new JsonObject();
        foreach (var assignment in assignments)
        {
            var equals = assignment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"--var '{assignment}' is not name=value, e.g. --var amount=42.");
            }

            var value = assignment[(equals + 1)..];
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(value);
            }
            catch (JsonException)
            {
                node = JsonValue.Create(value);
            }

            result[assignment[..equals]] = node;
        }

        return result;
    }
}
