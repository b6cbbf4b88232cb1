using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Weft.Worker.Client;

namespace Weft.Cli.Client;

/// <summary><c>weft show INSTANCE_ID</c>: the instance's state and its history as a table that fits 80 columns.</summary>
internal static class ShowCommand
{
    private const int InlineVariablesWidth = 60;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var id = new Argument<string>("INSTANCE_ID") { Description = "The instance id that `weft start` printed." };
        var command = new Command("show", Examples.Describe(
            "Show an instance: status, variables and step history.",
            "weft show 0196a3c2-7f11-7c3e-9d5a-2b8f4e6a1c90",
            "weft show 0196a3c2-7f11-7c3e-9d5a-2b8f4e6a1c90 --json")) { id };
        var client = ClientOptions.AddTo(command, json: true);
        command.SetAction(async parse =>
        {
            var instanceId = parse.GetValue(id)!;
            // "." and ".." would be resolved away in the URL path and ask for another resource.
            var problem = ClientCommand.ProblemWithId(instanceId, "instance")
                ?? (instanceId is "." or ".." ? $"'{instanceId}' is not an instance id." : null);
            if (problem is not null)
            {
                return Errors.Write(ExitCode.Usage, $"{problem} Pass the id that `weft start` printed.");
            }

            if (client.WantsJson(parse))
            {
                return await ClientCommand.RunAsync(parse, client, async weft =>
                    Output.Json(await ClientCommand.CommandAsync(weft, "show", new JsonObject { ["instanceId"] = instanceId })));
            }

            return await ClientCommand.RunAsync(parse, client, async weft =>
            {
                var instance = await weft.GetInstanceAsync(instanceId);
                if (string.IsNullOrEmpty(instance.Id))
                {
                    throw new JsonException("the answer has no instance id");
                }

                var history = await weft.GetHistoryAsync(instance.Id);
                WriteSummary(instance);
                WriteHistory(history);
            }, pathId: instanceId);
        });
        return command;
    }

    private static void WriteSummary(WorkflowInstance instance)
    {
        var summary = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        summary.AddRow("instance", instance.Id);
        summary.AddRow("definition", Markup.Escape($"{instance.DefinitionId} v{instance.DefinitionVersion}"));
        summary.AddRow("status", instance.Status.ToString().ToUpperInvariant());
        summary.AddRow("business key", Markup.Escape(instance.BusinessKey ?? ""));
        // Several steps while parallel branches run; the last one once the instance has finished.
        var steps = instance.CurrentStepIds;
        summary.AddRow(steps.Count > 1 ? "current steps" : "current step", Markup.Escape(string.Join(", ", steps)));
        if (instance.ParentInstanceId is not null)
        {
            summary.AddRow("parent", Markup.Escape(instance.ParentInstanceId));
        }

        if (instance.FailureReason is not null)
        {
            summary.AddRow("failure", Markup.Escape(instance.FailureReason));
        }

        // Short variables fit on the row; longer ones are printed indented below, one field a line, so that a
        // narrow console does not cut JSON in the middle of a name.
        var variables = instance.Variables ?? [];
        var compact = variables.ToJsonString();
        summary.AddRow("variables", compact.Length <= InlineVariablesWidth ? Markup.Escape(compact) : "");
        AnsiConsole.Write(summary);
        if (compact.Length > InlineVariablesWidth)
        {
            AnsiConsole.Write(new Text(Indent(variables.ToJsonString(Indented)) + Environment.NewLine));
        }
    }

    internal static void WriteHistory(IReadOnlyList<StepExecution> history)
    {
        AnsiConsole.WriteLine();
        if (history.Count == 0)
        {
            AnsiConsole.WriteLine("No step has run yet.");
            return;
        }

        var steps = new Table().Border(TableBorder.Simple);
        steps.AddColumn(new TableColumn("#").RightAligned());
        steps.AddColumn("step");
        steps.AddColumn(new TableColumn("type").NoWrap());
        steps.AddColumn(new TableColumn("status").NoWrap());
        steps.AddColumn(new TableColumn("try").RightAligned().NoWrap());
        steps.AddColumn(new TableColumn("started").NoWrap());
        steps.AddColumn(new TableColumn("took").RightAligned().NoWrap());

        var failures = new List<string>();
        var row = 1;
        foreach (var step in history)
        {
            var number = (row++).ToString(CultureInfo.InvariantCulture);
            steps.AddRow(
                number,
                Markup.Escape(step.StepId),
                Markup.Escape(step.StepType),
                Markup.Escape(step.Status),
                step.AttemptNumber.ToString(CultureInfo.InvariantCulture),
                step.StartedAt?.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture) ?? "",
                Duration(step.StartedAt, step.EndedAt));
            if (!string.IsNullOrEmpty(step.FailureReason))
            {
                failures.Add($"#{number} {step.StepId} (try {step.AttemptNumber}): {step.FailureReason}");
            }
        }

        AnsiConsole.Write(steps);
        var first = history.FirstOrDefault(s => s.StartedAt is not null)?.StartedAt;
        if (first is not null)
        {
            AnsiConsole.WriteLine($"Times are UTC; the first step started {first.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}.");
        }

        if (failures.Count > 0)
        {
            AnsiConsole.WriteLine();
            AnsiConsole.WriteLine("Failures:");
            foreach (var failure in failures)
            {
                AnsiConsole.Write(new Paragraph(failure + Environment.NewLine));
            }
        }
    }

    /// <summary>"85 ms", "4.2 s", "3m 05s", "2h 07m"; empty while the step runs.</summary>
    internal static string Duration(DateTimeOffset? startedAt, DateTimeOffset? endedAt)
    {
        if (startedAt is null || endedAt is null)
        {
            return "";
        }

        var took = endedAt.Value - startedAt.Value;
        return took switch
        {
            { TotalSeconds: < 1 } => $"{Math.Max(0, (int)took.TotalMilliseconds)} ms",
            { TotalMinutes: < 1 } => took.TotalSeconds.ToString("0.0 's'", CultureInfo.InvariantCulture),
            { TotalHours: < 1 } => $"{(int)took.TotalMinutes}m {took.Seconds:00}s",
            { TotalDays: < 1 } => $"{(int)took.TotalHours}h {took.Minutes:00}m",
            _ => $"{(int)took.TotalDays}d {took.Hours:00}h",
        };
    }

    private static string Indent(string text) =>
        string.Join(Environment.NewLine, text.Split('\n').Select(line => "  " + line.TrimEnd('\r')));
}
