using System.CommandLine;
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

return await root.Parse(args).InvokeAsync();
