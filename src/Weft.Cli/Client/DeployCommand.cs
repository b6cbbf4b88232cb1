using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Weft.Cli.Client;

/// <summary><c>weft deploy FILE</c>: uploads a JSON or YAML definition, or each one in a directory.</summary>
internal static class DeployCommand
{
    private static readonly string[] Extensions = [".json", ".yaml", ".yml"];

    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "A definition file (.json, .yaml or .yml), or a directory: each such file in it, in name order." };
        var command = new Command("deploy", Examples.Describe(
            "Upload workflow definitions; a changed definition becomes a new version.",
            "weft deploy order.yaml",
            "weft deploy definitions/")) { file };
        var client = ClientOptions.AddTo(command);
        command.SetAction(async parse =>
        {
            var path = Path.GetFullPath(parse.GetValue(file)!);
            if (File.Exists(path))
            {
                return await ClientCommand.RunAsync(parse, client, c => DeployAsync(c, path, named: false));
            }

            if (!Directory.Exists(path))
            {
                return Errors.Write(ExitCode.Usage, $"{path} does not exist. Pass a definition file (.json, .yaml or .yml) or a directory of them.");
            }

            var files = Directory.EnumerateFiles(path)
                .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (files.Count == 0)
            {
                return Errors.Write(ExitCode.Usage, $"{path} is a directory without .json, .yaml or .yml files. Pass a definition file or a directory of them.");
            }

            // Stops at the first file that fails: a redeploy of the ones before keeps their versions, so running it again is safe.
            foreach (var each in files)
            {
                var exitCode = await ClientCommand.RunAsync(parse, client, c => DeployAsync(c, each, named: true), about: Path.GetFileName(each));
                if (exitCode != ExitCode.Ok)
                {
                    return exitCode;
                }
            }

            return ExitCode.Ok;
        });
        return command;
    }

    private static async Task DeployAsync(Worker.Client.WeftClient client, string file, bool named)
    {
        var text = await File.ReadAllTextAsync(file);
        var contentType = Path.GetExtension(file).ToLowerInvariant() is ".yaml" or ".yml" ? "application/yaml" : "application/json";
        var stored = await client.UploadDefinitionAsync(text, contentType);
        if (stored["id"] is null || stored["version"] is null)
        {
            throw new JsonException("the answer has no definition id and version");
        }

        var from = named ? $" ({Path.GetFileName(file)})" : "";
        AnsiConsole.MarkupLineInterpolated($"Deployed [bold]{stored["id"]?.ToString()}[/] version {stored["version"]?.ToString()}{from}.");
        foreach (var warning in stored["warnings"] as JsonArray ?? [])
        {
            // A plain line: Spectre would wrap a long warning at the console's width.
            Console.WriteLine($"warning: {warning}");
        }
    }
}
