using System.CommandLine;
using System.Text.Json.Nodes;

namespace Weft.Cli.Client;

/// <summary>
/// A verb that runs one command of <c>POST /v1/commands</c>: its arguments become the command's <c>args</c>, and its
/// <c>data</c> is printed for people, or as JSON with <c>--json</c>. The server decides everything else.
/// </summary>
internal static class CommandVerb
{
    /// <param name="args">The command's args from the command line; a <see cref="CliFailure"/> for a usage mistake.</param>
    /// <param name="render">Prints the data and returns the exit code.</param>
    /// <param name="exitCodeOf">The exit code when the data is printed as JSON (default: 0).</param>
    public static Command Create(
        string name,
        string description,
        string[] examples,
        IEnumerable<Symbol> symbols,
        Func<ParseResult, JsonObject?> args,
        Func<JsonNode?, int> render,
        Func<JsonNode?, int>? exitCodeOf = null)
    {
        var command = new Command(name, Examples.Describe(description, examples));
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Option option:
                    command.Options.Add(option);
                    break;
            }
        }

        var client = ClientOptions.AddTo(command, json: true);
        command.SetAction(async parse =>
        {
            JsonObject? commandArgs;
            try
            {
                commandArgs = args(parse);
            }
            catch (CliFailure failure)
            {
                return Errors.Write(failure.ExitCode, failure.Message);
            }
            catch (FormatException ex)
            {
                return Errors.Write(ExitCode.Usage, ex.Message);
            }

            return await ClientCommand.RunAsync(parse, client, async weft =>
            {
                var data = await ClientCommand.CommandAsync(weft, name, commandArgs);
                if (client.WantsJson(parse))
                {
                    Output.Json(data);
                    return exitCodeOf?.Invoke(data) ?? ExitCode.Ok;
                }

                return render(data);
            });
        });
        return command;
    }
}
