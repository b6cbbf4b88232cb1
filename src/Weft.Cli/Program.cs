using System.CommandLine;
using Weft.Cli.Client;
using Weft.Cli.Serving;

var root = new RootCommand("Weft: a durable workflow engine. Run `weft server --demo` to see it work.")
{
    ServerCommand.Create(),
    DeployCommand.Create(),
    StartCommand.Create(),
    ShowCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
