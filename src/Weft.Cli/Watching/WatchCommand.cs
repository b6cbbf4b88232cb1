using System.CommandLine;
using System.Net.ServerSentEvents;
using Spectre.Console;
using Weft.Cli.Client;
using Weft.Worker.Client;

namespace Weft.Cli.Watching;

/// <summary>
/// <c>weft watch [--definition ID] [--instance ID]</c>: a live view of the server's event stream until Ctrl-C. On a
/// terminal, a board of the running jobs with progress bars over the latest changes; piped, one line per change.
/// </summary>
internal static class WatchCommand
{
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);

    public static Command Create()
    {
        var definition = new Option<string?>("--definition") { Description = "Only instances of this definition." };
        var instance = new Option<string?>("--instance") { Description = "Only this instance." };
        var command = new Command("watch", Examples.Describe(
            "Watch instances change state and running jobs report progress, live, until Ctrl-C.",
            "weft watch",
            "weft watch --definition order-pipeline"))
        {
            definition, instance,
        };
        var client = ClientOptions.AddTo(command);
        command.SetAction((parse, cancellationToken) => ClientCommand.RunAsync(
            parse,
            client,
            weft => WatchAsync(weft, parse.GetValue(definition), parse.GetValue(instance), cancellationToken)));
        return command;
    }

    private static async Task WatchAsync(WeftClient client, string? definitionId, string? instanceId, CancellationToken cancellationToken)
    {
        var board = new WatchBoard();
        var live = !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        string? lastEventId = null;
        Console.WriteLine($"Watching {client.BaseAddress}. Ctrl-C stops.");
        try
        {
            while (true)
            {
                var stream = client.StreamEventsAsync(definitionId, instanceId, lastEventId, cancellationToken);
                if (live)
                {
                    await AnsiConsole.Live(Render(board)).AutoClear(false).StartAsync(async context =>
                    {
                        await foreach (var item in stream)
                        {
                            lastEventId = Take(board, item, print: false) ?? lastEventId;
                            context.UpdateTarget(Render(board));
                        }
                    });
                }
                else
                {
                    await foreach (var item in stream)
                    {
                        lastEventId = Take(board, item, print: true) ?? lastEventId;
                    }
                }

                // The server stopped or restarted: pick up after the last event seen, once it is back.
                Console.WriteLine("The server closed the stream; reconnecting…");
                await Task.Delay(Reconnect, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.WriteLine("Stopped.");
        }
    }

    private static string? Take(WatchBoard board, SseItem<string> item, bool print)
    {
        foreach (var line in board.Apply(item.EventType, item.Data))
        {
            if (print)
            {
                Console.WriteLine(line);
            }
        }

        return item.EventId;
    }

    private static Rows Render(WatchBoard board)
    {
        var jobs = new Table().Border(TableBorder.Simple).Title("Running jobs");
        jobs.AddColumns("instance", "step", "worker", "progress");
        foreach (var job in board.RunningJobs)
        {
            var percent = job.Percent ?? 0;
            var filled = (int)Math.Round(Math.Clamp(percent, 0, 100) / 5);
            var bar = $"[green]{new string('█', filled)}[/][grey]{new string('░', 20 - filled)}[/] {percent,3:0}% {Markup.Escape(job.Message ?? "")}";
            jobs.AddRow(Markup.Escape(job.InstanceLabel), Markup.Escape(job.StepId), Markup.Escape(job.WorkerId), bar);
        }

        var counts = string.Join("  ", board.Counts.Where(c => c.Value > 0).Select(c => $"{c.Key} {c.Value}"));
        var recent = new Rows(board.RecentLines.Select(line => new Text(line)));
        return new Rows(new Markup($"[bold]Instances[/]  {Markup.Escape(counts)}"), jobs, new Markup("[bold]Latest changes[/]"), recent);
    }
}
