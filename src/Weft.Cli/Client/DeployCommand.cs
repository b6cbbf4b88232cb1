using System.CommandLine;
using Spectre.Console;

namespace Weft.Cli.Client;

/// <summary><c>weft deploy FILE</c>: uploads a JSON or YAML definition.</summary>
internal static class DeployCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A definition file (.json, .yaml or .yml)." };
        var server = ClientCommand.ServerOption();
        var command = new Command("deploy", "Upload a workflow definition; a changed definition becomes a new version.") { file, server };
        command.SetAction(async parse =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                return ClientCommand.Fail($"{path.FullName} does not exist.");
            }

            var text = await File.ReadAllTextAsync(path.FullName);
            var contentType = path.Extension.ToLowerInvariant() is ".yaml" or ".yml" ? "application/yaml" : "application/json";
            return await ClientCommand.RunAsync(parse.GetValue(server)!, async client =>
            {
                var stored = await client.UploadDefinitionAsync(text, contentType);
                AnsiConsole.MarkupLineInterpolated($"Deployed [bold]{stored["id"]?.ToString()}[/] version {stored["version"]?.ToString()}.");
            });
        });
        return command;
    }
}
