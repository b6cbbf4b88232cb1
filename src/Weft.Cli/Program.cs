using System.CommandLine;
using System.CommandLine.Invocation;
using Weft.Cli;
using Weft.Cli.Client;
using Weft.Cli.Serving;
using Weft.Cli.Watching;
using Weft.Cli.Working;

ConsoleSetup.Apply();

var root = new RootCommand("Weft: a durable workflow engine. Run `weft server --demo` to see it work, then `weft list` in the same folder.")
{
    ServerCommand.Create(),
    DeployCommand.Create(),
    StartCommand.Create(),
    ShowCommand.Create(),
    WorkerCommand.Create(),
    WatchCommand.Create(),
};
foreach (var verb in CommandVerbs.All())
{
    root.Subcommands.Add(verb);
}

root.Subcommands.Add(RawClientCommand.Create());

// No response files: `weft graphql @query.graphql` reads the file itself, as the query.
var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
if (parse.Action is ParseErrorAction)
{
    return UsageError.Report(parse);
}

try
{
    // Without the default handler an exception reaches the catch below instead of printing its stack trace.
    return await parse.InvokeAsync(new InvocationConfiguration
    {
        EnableDefaultExceptionHandler = false,

        // `weft worker` handles Ctrl-C and SIGTERM itself: the first drains its jobs, however long that takes.
        ProcessTerminationTimeout = parse.CommandResult.Command.Name == WorkerCommand.Name ? null : TimeSpan.FromSeconds(2),
    });
}
catch (Exception ex)
{
    return Errors.Write(ExitCode.Failed, $"unexpected error: {Errors.OneLine(ex.Message)}");
}
