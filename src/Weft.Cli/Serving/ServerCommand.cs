using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Weft.Engine.Definitions;
using Weft.Server.Hosting;

namespace Weft.Cli.Serving;

/// <summary><c>weft server [--db FILE] [--urls URL] [--lease DURATION] [--demo]</c>: runs the engine server until Ctrl-C.</summary>
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
        var lease = new Option<string>("--lease")
        {
            Description = "How long a worker holds a polled job before it may go to another worker (ISO-8601, e.g. PT30S, PT5M). A step's timeout overrides it.",
            DefaultValueFactory = _ => "PT30S",
        };
        var demo = new Option<bool>("--demo")
        {
            Description = "Also upload the sample definitions, run the sample worker in this process and start a few instances.",
        };

        var command = new Command("server", "Run the Weft server (REST API on SQLite).") { db, urls, lease, demo };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!IsoDuration.TryParse(parse.GetValue(lease), out var leaseDuration) || leaseDuration <= TimeSpan.Zero)
            {
                await Console.Error.WriteLineAsync($"weft server: --lease '{parse.GetValue(lease)}' is not a positive ISO-8601 duration such as PT30S or PT5M.");
                return 2;
            }

            var options = new WeftServerOptions { Database = parse.GetValue(db)!, Urls = parse.GetValue(urls)! };
            options.Engine.LeaseDuration = leaseDuration;
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
