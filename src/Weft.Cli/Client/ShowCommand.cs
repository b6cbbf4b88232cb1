using System.CommandLine;
using Spectre.Console;

namespace Weft.Cli.Client;

/// <summary><c>weft show INSTANCE_ID</c>: the instance's state and its history as a table.</summary>
internal static class ShowCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("INSTANCE_ID") { Description = "The instance id that `weft start` printed." };
        var server = ClientCommand.ServerOption();
        var command = new Command("show", "Show an instance: status, variables and step history.") { id, server };
        command.SetAction(parse => ClientCommand.RunAsync(parse.GetValue(server)!, async client =>
        {
            var instance = await client.GetInstanceAsync(parse.GetValue(id)!);
            var history = await client.GetHistoryAsync(instance.Id);

            var summary = new Grid().AddColumns(2);
            summary.AddRow("instance", instance.Id);
            summary.AddRow("definition", $"{instance.DefinitionId} v{instance.DefinitionVersion}");
            summary.AddRow("status", instance.Status.ToString().ToUpperInvariant());
            summary.AddRow("business key", instance.BusinessKey ?? "");
            summary.AddRow("current step", instance.CurrentStepId ?? "");
            if (instance.FailureReason is not null)
            {
                summary.AddRow("failure", Markup.Escape(instance.FailureReason));
            }

            summary.AddRow("variables", Markup.Escape(instance.Variables?.ToJsonString() ?? "{}"));
            AnsiConsole.Write(summary);

            var table = new Table().AddColumns("#", "step", "type", "status", "attempt", "started", "completed", "failure");
            var row = 1;
            foreach (var step in history)
            {
                table.AddRow(
                    (row++).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Markup.Escape(step.StepId),
                    step.StepType,
                    step.Status,
                    step.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    step.StartedAt?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "",
                    step.CompletedAt?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "",
                    Markup.Escape(step.FailureReason ?? ""));
            }

            AnsiConsole.Write(table);
        }));
        return command;
    }
}
