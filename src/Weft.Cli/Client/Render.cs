using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Weft.Worker.Client;

namespace Weft.Cli.Client;

/// <summary>
/// How the verbs print a command's data for people: tables that fit a narrow terminal, ids in the last column and
/// never wrapped, so that a double-click copies a whole id.
/// </summary>
internal static class Render
{
    private const int MaxUnmatchedLines = 20;
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static int Instances(JsonNode? data)
    {
        var items = data?["items"] as JsonArray ?? [];
        if (items.Count == 0)
        {
            Console.WriteLine("No instance matches.");
            return ExitCode.Ok;
        }

        // Definition and business key share a column, a line each, and there is no time column: beside a whole id
        // anything more would not fit 80 columns. `weft show` and --json have the rest.
        var table = NewTable("status", "definition / business key", "id");
        foreach (var item in items)
        {
            var definition = $"{Output.Text(item?["definitionId"])} v{Output.Text(item?["definitionVersion"])}";
            var key = Output.Text(item?["businessKey"]);
            table.AddRow(
                Cell(item?["status"]),
                Markup.Escape(key.Length == 0 ? definition : $"{definition}\n{key}"),
                Cell(item?["id"]));
        }

        AnsiConsole.Write(table);
        var page = data?["page"]?.GetValue<int>() ?? 0;
        var pageSize = data?["pageSize"]?.GetValue<int>() ?? items.Count;
        var total = data?["total"]?.GetValue<long>() ?? items.Count;
        Console.WriteLine(total > (long)(page + 1) * pageSize
            ? $"{items.Count} of {total} (page {page}); the next page: --page {page + 1}"
            : $"{total} instance(s).");
        return ExitCode.Ok;
    }

    public static int History(JsonNode? data)
    {
        var steps = (data?["items"] as JsonArray ?? []).Deserialize<List<StepExecution>>(Web) ?? [];
        ShowCommand.WriteHistory(steps);
        return ExitCode.Ok;
    }

    /// <summary>A bulk command's matched and unmatched targets; exit code 4 when nothing matched.</summary>
    public static int Bulk(JsonNode? data)
    {
        var matched = data?["matched"] as JsonArray ?? [];
        var unmatched = data?["unmatched"] as JsonArray ?? [];
        if (matched.Count > 0)
        {
            // hold, release and trigger act on steps; the others on whole instances.
            var steps = matched.Any(m => m?["stepId"] is not null);
            var table = steps ? NewTable("result", "step", "instance") : NewTable("result", "instance");
            foreach (var item in matched)
            {
                if (steps)
                {
                    table.AddRow(Cell(item?["result"]), Cell(item?["stepId"]), Cell(item?["instanceId"]));
                }
                else
                {
                    table.AddRow(Cell(item?["result"]), Cell(item?["instanceId"]));
                }
            }

            AnsiConsole.Write(table);
        }

        Console.WriteLine($"{matched.Count} matched, {unmatched.Count} not.");
        foreach (var item in unmatched.Take(MaxUnmatchedLines))
        {
            // Plain lines: a reason is a sentence, and Spectre would cut it at the console's width.
            var target = Output.Text(item?["instanceId"]) is { Length: > 0 } id
                ? id + (Output.Text(item?["stepId"]) is { Length: > 0 } step ? $"/{step}" : "")
                : Output.Text(item?["selector"]);
            Console.WriteLine($"not matched: {target}: {Output.Text(item?["reason"])}");
        }

        if (unmatched.Count > MaxUnmatchedLines)
        {
            Console.WriteLine($"... and {unmatched.Count - MaxUnmatchedLines} more not matched (--json lists them all).");
        }

        return AnythingMatched(data) ? ExitCode.Ok : ExitCode.Rejected;
    }

    public static bool AnythingMatched(JsonNode? data) => data?["matched"] is JsonArray { Count: > 0 };

    public static int Stats(JsonNode? data)
    {
        var instances = NewTable("instances", "count");
        foreach (var (status, count) in data?["instances"] as JsonObject ?? [])
        {
            instances.AddRow(Markup.Escape(status), Cell(count));
        }

        AnsiConsole.Write(instances);
        var jobs = data?["jobs"] as JsonArray ?? [];
        if (jobs.Count == 0)
        {
            Console.WriteLine("No open job.");
        }
        else
        {
            var table = NewTable("job type", "waiting", "locked", "held");
            foreach (var job in jobs)
            {
                table.AddRow(Cell(job?["jobType"]), Cell(job?["waiting"]), Cell(job?["locked"]), Cell(job?["held"]));
            }

            AnsiConsole.Write(table);
        }

        Console.WriteLine($"Timers due: {Output.Text(data?["timersDue"])}");
        return ExitCode.Ok;
    }

    public static int Ping(JsonNode? data)
    {
        Console.WriteLine($"Weft {Output.Text(data?["version"])} answers: run {Output.Text(data?["runId"])}, server time {Time(data?["time"])} UTC.");
        return ExitCode.Ok;
    }

    public static int Api(JsonNode? data)
    {
        if (data is JsonArray list)
        {
            foreach (var command in list)
            {
                // Plain lines: name and summary, easy to grep.
                Console.WriteLine($"{Output.Text(command?["name"]),-14} {Output.Text(command?["summary"])}");
            }

            Console.WriteLine();
            Console.WriteLine("`weft api NAME` shows a command's arguments and an example.");
            return ExitCode.Ok;
        }

        Console.WriteLine($"{Output.Text(data?["name"])}: {Output.Text(data?["summary"])}");
        var arguments = data?["arguments"] as JsonArray ?? [];
        Console.WriteLine();
        if (arguments.Count == 0)
        {
            Console.WriteLine("No arguments.");
        }

        foreach (var argument in arguments)
        {
            var required = argument?["required"]?.GetValue<bool>() == true ? "required" : "optional";
            Console.WriteLine($"  {Output.Text(argument?["name"])} ({Output.Text(argument?["type"])}, {required}): {Output.Text(argument?["description"])}");
        }

        Console.WriteLine();
        Console.WriteLine("Example:");
        Console.WriteLine($"  weft client {Output.Text(data?["name"])} '{data?["example"]?["args"]?.ToJsonString() ?? "{}"}'");
        return ExitCode.Ok;
    }

    public static int Instance(JsonNode? data, string done)
    {
        Console.WriteLine($"{done}; instance {Output.Text(data?["id"])} is {Output.Text(data?["status"])}.");
        return ExitCode.Ok;
    }

    public static int Done(JsonNode? data, string done)
    {
        var what = Output.Text(data?["taskId"]) is { Length: > 0 } task ? $"user task {task}" : $"step {Output.Text(data?["stepId"])} of instance {Output.Text(data?["instanceId"])}";
        Console.WriteLine($"{done} {what}.");
        return ExitCode.Ok;
    }

    private static Table NewTable(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in columns)
        {
            // Ids and states stay whole; names and keys may wrap when the terminal is narrow.
            var wraps = column is "definition / business key" or "job type" or "step";
            var added = new TableColumn(column).PadLeft(0).PadRight(2);
            table.AddColumn(wraps ? added : added.NoWrap());
        }

        return table;
    }

    private static string Cell(JsonNode? node) => Markup.Escape(Output.Text(node));

    private static string Time(JsonNode? node) =>
        DateTimeOffset.TryParse(Output.Text(node), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : Output.Text(node);
}
