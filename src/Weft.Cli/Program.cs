using System.CommandLine;
using System.CommandLine.Invocation;
using Weft.Cli;
using Weft.Cli.Client;
using Weft.Cli.Serving;

ConsoleSetup.Apply();

var root = new RootCommand("Weft: a durable workflow engine. Run `weft server --demo` to see it work.")
{
    ServerCommand.Create(),
    DeployCommand.Create(),
    StartCommand.Create(),
    ShowCommand.Create(),
};

var parse = root.Parse(args);
if (parse.Action is ParseErrorAction)
{
    return UsageError.Report(parse);
}

try
{
    // Without the default handler an exception reaches the catch below instead of printing its stack trace.
    return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception ex)
{
    return Errors.Write(ExitCode.Failed, $"unexpected error: {Errors.OneLine(ex.Message)}");
}
