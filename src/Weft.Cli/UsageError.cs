using System.CommandLine;
using System.CommandLine.Parsing;

namespace Weft.Cli;

/// <summary>
/// Command-line mistakes in one line on stderr, exit code 2, instead of System.CommandLine's error list followed by
/// the whole help text on stdout.
/// </summary>
internal static class UsageError
{
    public static int Report(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var name = command is RootCommand ? "weft" : $"weft {command.Name}";
        return Errors.Write(ExitCode.Usage, $"{Describe(parse, command)} Run `{name} --help`.", name);
    }

    private static string Describe(ParseResult parse, Command command)
    {
        var commands = $"Commands: {string.Join(", ", parse.RootCommandResult.Command.Subcommands.Select(c => c.Name))}.";
        if (parse.UnmatchedTokens is [var token, ..])
        {
            return (token.StartsWith('-'), command is RootCommand) switch
            {
                (true, _) => $"unknown option '{token}'.",
                (false, true) => $"unknown command '{token}'. {commands}",
                (false, false) => $"unexpected argument '{token}'.",
            };
        }

        if (command is RootCommand)
        {
            return $"no command given. {commands}";
        }

        var error = parse.Errors[0];
        return error.SymbolResult switch
        {
            OptionResult { IdentifierToken: null } option => $"{option.Option.Name} is missing.",
            OptionResult { Tokens.Count: 0 } option => $"{option.Option.Name} needs a value.",
            ArgumentResult { Tokens.Count: 0 } argument => $"{argument.Argument.Name} is missing.",
            CommandResult when command.Arguments.FirstOrDefault(a => parse.GetResult(a) is null or { Tokens.Count: 0 }) is { } missing
                => $"{missing.Name} is missing.",
            _ => Errors.OneLine(error.Message),
        };
    }
}
