using System.CommandLine;
using System.Text.Json.Nodes;

namespace Weft.Cli.Client;

/// <summary>
/// <c>weft client COMMAND [JSON]</c>: sends <c>{"command", "args"}</c> as given and prints the whole answer,
/// <c>{"data"}</c> or <c>{"error"}</c>, as JSON (like <c>cylc client</c>).
/// </summary>
internal static class RawClientCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("COMMAND") { Description = "The command's name; `weft api` lists them." };
        var args = new Argument<string?>("JSON") { Description = "The command's args as a JSON object (default: none).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("client", Examples.Describe(
            "Send a command as a raw envelope and print the server's answer as JSON; exits 3 or 4 when the answer is an error.",
            "weft client ping",
            "weft client retry '{\"selector\": \"*/charge-card:failed\"}'",
            "weft client api '{\"endpoint\": \"hold\"}'")) { name, args };
        var client = ClientOptions.AddTo(command);
        command.SetAction(async parse =>
        {
            JsonObject? commandArgs;
            try
            {
                commandArgs = CommandVerbs.JsonArgument(parse.GetValue(args), "JSON");
            }
            catch (CliFailure failure)
            {
                return Errors.Write(failure.ExitCode, failure.Message);
            }

            return await ClientCommand.RunAsync(parse, client, async weft =>
            {
                var answer = await weft.SendCommandAsync(parse.GetValue(name)!, commandArgs);
                Output.Json(answer);
                return answer["error"] is JsonObject error ? ClientCommand.ExitCodeOf(error) : ExitCode.Ok;
            });
        });
        return command;
    }
}
