using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Weft.Server.Hosting;

namespace Weft.Cli.Serving;

/// <summary><c>weft server [--db FILE] [--urls URL] [--demo]</c>: runs the engine server until Ctrl-C.</summary>
internal static class ServerCommand
{
    public static Command Create()
    {
        var db = new Option<string>("--db")
        {
            Description = "The SQLite database file (created when missing).",
            DefaultValueFactory = _ => "weft.db",
        };
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen, e.g. http://127.0.0.1:8080 (port 0 picks a free port).",
            DefaultValueFactory = _ => "http://127.0.0.1:8080",
        };
        var demo = new Option<bool>("--demo")
        {
            Description = "Also upload the sample definitions, run the sample worker in this process and start a few instances.",
        };

        var command = new Command("server", "Run the Weft server (REST API on SQLite).") { db, urls, demo };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new WeftServerOptions { Database = parse.GetValue(db)!, Urls = parse.GetValue(urls)! };
            try
            {
                var app = WeftServer.Build(options, configure: builder =>
                {
                    if (parse.GetValue(demo))
                    {
                        builder.Services.AddHostedService<DemoWorker>();
                    }
                });
                await using (app)
                {
                    await app.StartAsync(cancellationToken);
                    await app.WaitForShutdownAsync(cancellationToken);
                }

                return 0;
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync($"weft server: {ex.Message}");
                return 2;
            }
            catch (IOException ex) when (ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await Console.Error.WriteLineAsync($"weft server: {options.Urls} is already in use. Stop the other server or pass --urls with another port.");
                return 2;
            }
        });
        return command;
    }
}
