using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Weft.Cli.Client;

/// <summary>The verbs that are one command of <c>POST /v1/commands</c> each (deploy, start and show have their own files).</summary>
internal static class CommandVerbs
{
    private const string Id = "0196a3c2-7f11-7c3e-9d5a-2b8f4e6a1c90";

    public static IEnumerable<Command> All()
    {
        yield return List();
        yield return History();
        foreach (var (name, summary, example) in new[]
        {
            ("cancel", "Cancel instances and everything they wait on.", "weft cancel 'order-*/*' --reason \"duplicate orders\""),
            ("suspend", "Suspend instances: no job is handed out and no timer fires until they are resumed.", $"weft suspend {Id}"),
            ("resume", "Resume suspended instances; timers that fell due meanwhile fire now.", "weft resume 'order-42'"),
            ("retry", "Run the failed steps of FAILED instances again, with fresh retries.", "weft retry '*/charge-card:failed'"),
            ("hold", "Hold steps: they hand out no job until released (a job a worker holds runs on).", "weft hold 'order-*/charge-card'"),
            ("release", "Release held steps; their ready jobs are handed out at once.", "weft release 'order-*/charge-card'"),
            ("trigger", "Run waiting steps of running instances now: a job in retry backoff becomes ready, a timer fires.", "weft trigger 'order-42/wait-a-day:waiting'"),
        })
        {
            yield return Bulk(name, summary, example);
        }

        yield return Signal();
        yield return CompleteTask();
        yield return SetVariables();
        yield return CommandVerb.Create(
            "stats", "Counts: instances by status, open jobs per job type (waiting, locked, held), timers due.",
            ["weft stats", "weft stats --json"], [], _ => null, Render.Stats);
        yield return CommandVerb.Create(
            "ping", "Ask the server whether it is there: its version, run id and time.",
            ["weft ping", "WEFT_SERVER=http://weft.internal:8080 weft ping --timeout 5"], [], _ => null, Render.Ping);
        yield return Api();
        yield return Graphql();
    }

    private static Command List()
    {
        var definition = new Option<string?>("--definition") { Description = "Only instances of this definition id." };
        var status = new Option<string?>("--status") { Description = "Only instances in this status: ACTIVE, WAITING, SUSPENDED, COMPLETED, FAILED or CANCELLED." };
        var businessKey = new Option<string?>("--business-key") { Description = "Only instances with this business key." };
        var page = new Option<int>("--page") { Description = "The page, from 0." };
        var pageSize = new Option<int?>("--page-size") { Description = "Instances per page (default 20)." };
        return CommandVerb.Create(
            "list", "List instances, newest first.",
            ["weft list", "weft list --status FAILED --definition order", "weft list --business-key order-42 --json"],
            [definition, status, businessKey, page, pageSize],
            parse => Args(
                ("definitionId", parse.GetValue(definition)),
                ("status", parse.GetValue(status)),
                ("businessKey", parse.GetValue(businessKey)),
                ("page", parse.GetValue(page)),
                ("pageSize", parse.GetValue(pageSize))),
            Render.Instances);
    }

    private static Command History()
    {
        var id = new Argument<string>("INSTANCE_ID") { Description = "The instance's id." };
        return CommandVerb.Create(
            "history", "An instance's step executions (one per attempt), in the order they started.",
            [$"weft history {Id}"], [id],
            parse => Args(("instanceId", parse.GetValue(id))),
            Render.History);
    }

    private static Command Bulk(string name, string summary, string example)
    {
        var target = new Argument<string>("SELECTOR") { Description = "INSTANCE[/STEP[:STATUS]]: an instance id, id prefix, business key or glob; a step id or glob; waiting, running, failed, held or completed." };
        var reason = new Option<string?>("--reason") { Description = "Why; it becomes the instances' failureReason." };
        Symbol[] symbols = name == "cancel" ? [target, reason] : [target];
        return CommandVerb.Create(
            name, $"{summary} Prints what matched and what did not; exits 4 when nothing matched.",
            [example, $"weft {name} {Id}"], symbols,
            parse => Args(("selector", parse.GetValue(target)), ("reason", name == "cancel" ? parse.GetValue(reason) : null)),
            Render.Bulk, data => Render.AnythingMatched(data) ? ExitCode.Ok : ExitCode.Rejected);
    }

    private static Command Signal()
    {
        var id = new Argument<string>("INSTANCE_ID") { Description = "The instance waiting at the WAIT step." };
        var step = new Argument<string>("STEP_ID") { Description = "The WAIT step." };
        var variables = VarOption();
        return CommandVerb.Create(
            "signal", "Resume an instance waiting at a WAIT step; the variables are merged into the instance's.",
            [$"weft signal {Id} wait-for-payment --var paid=true"], [id, step, variables],
            parse => Args(("instanceId", parse.GetValue(id)), ("stepId", parse.GetValue(step)), ("variables", Variables(parse, variables))),
            data => Render.Instance(data, "Signalled"));
    }

    private static Command CompleteTask()
    {
        var taskId = new Argument<string?>("TASK_ID") { Description = "The user task's id; or give --instance and --step.", Arity = ArgumentArity.ZeroOrOne };
        var instance = new Option<string?>("--instance") { Description = "The instance whose USER_TASK step to complete (with --step)." };
        var step = new Option<string?>("--step") { Description = "The USER_TASK step (with --instance)." };
        var completedBy = new Option<string?>("--by") { Description = "Who completed it." };
        var variables = VarOption();
        return CommandVerb.Create(
            "complete-task", "Complete an open user task; the variables are its result, merged into the instance's.",
            ["weft complete-task 0196a3c2-0000-7000-8000-000000000001 --var approved=true --by alice", $"weft complete-task --instance {Id} --step approve --var approved=false"],
            [taskId, instance, step, completedBy, variables],
            parse => (parse.GetValue(taskId), parse.GetValue(instance), parse.GetValue(step)) switch
            {
                ({ } task, null, null) => Args(("taskId", task), ("variables", Variables(parse, variables)), ("completedBy", parse.GetValue(completedBy))),
                (null, { } i, { } s) => Args(("instanceId", i), ("stepId", s), ("variables", Variables(parse, variables)), ("completedBy", parse.GetValue(completedBy))),
                _ => throw new CliFailure(ExitCode.Usage, "give TASK_ID, or --instance and --step (not both)."),
            },
            data => Render.Done(data, "Completed"));
    }

    private static Command SetVariables()
    {
        var id = new Argument<string>("INSTANCE_ID") { Description = "The instance." };
        var variables = VarOption();
        return CommandVerb.Create(
            "set-variables", "Merge variables into a running instance's (at the top level).",
            [$"weft set-variables {Id} --var limit=500 --var note='\"checked by hand\"'"], [id, variables],
            parse => Args(("instanceId", parse.GetValue(id)), ("variables", Variables(parse, variables) is { Count: > 0 } v ? v : throw new CliFailure(ExitCode.Usage, "give at least one --var name=value."))),
            data => Render.Instance(data, "Set"));
    }

    private static Command Api()
    {
        var name = new Argument<string?>("NAME") { Description = "A command to describe.", Arity = ArgumentArity.ZeroOrOne };
        return CommandVerb.Create(
            "api", "List the server's commands; with NAME, that command's arguments and an example.",
            ["weft api", "weft api retry"], [name],
            parse => Args(("endpoint", parse.GetValue(name))),
            Render.Api);
    }

    private static Command Graphql()
    {
        var query = new Argument<string>("QUERY") { Description = "The GraphQL query, or @FILE to read it from a file." };
        var variables = new Option<string?>("--variables") { Description = "The query's variables as a JSON object." };
        return CommandVerb.Create(
            "graphql", "Run a read-only GraphQL query; prints GraphQL's answer as JSON (exits 4 when it has errors).",
            ["weft graphql '{ instances(filter: {status: FAILED}) { total items { id businessKey } } }'", "weft graphql @failed.graphql --variables '{\"key\": \"order-42\"}'"],
            [query, variables],
            parse => Args(("query", ReadQuery(parse.GetValue(query)!)), ("variables", JsonArgument(parse.GetValue(variables), "--variables"))),
            data =>
            {
                Output.Json(data);
                return GraphqlExitCode(data);
            },
            GraphqlExitCode);
    }

    private static int GraphqlExitCode(JsonNode? data) => data?["errors"] is JsonArray { Count: > 0 } ? ExitCode.Rejected : ExitCode.Ok;

    private static string ReadQuery(string query)
    {
        if (!query.StartsWith('@'))
        {
            return query;
        }

        try
        {
            return File.ReadAllText(query[1..]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new CliFailure(ExitCode.Usage, $"cannot read the query file {query[1..]} ({Errors.Reason(ex)}).");
        }
    }

    private static Option<string[]> VarOption() => new("--var")
    {
        Description = "A variable as name=value; the value is read as JSON when it is JSON (21, true, \"text\", {...}), else as text. Repeatable.",
        AllowMultipleArgumentsPerToken = false,
    };

    private static JsonObject Variables(ParseResult parse, Option<string[]> option) => StartCommand.ParseVariables(parse.GetValue(option) ?? []);

    /// <summary>A JSON object given on the command line; a usage failure when it is not one.</summary>
    public static JsonObject? JsonArgument(string? text, string what)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new CliFailure(ExitCode.Usage, $"{what} must be a JSON object such as {{\"key\": \"value\"}}.");
        }
        catch (JsonException ex)
        {
            throw new CliFailure(ExitCode.Usage, $"{what} is not JSON ({Errors.Reason(ex)}); pass a JSON object such as {{\"key\": \"value\"}}.");
        }
    }

    /// <summary>The args object, without the ones left out (null, or 0 for the page).</summary>
    private static JsonObject Args(params (string Name, object? Value)[] values)
    {
        var args = new JsonObject();
        foreach (var (name, value) in values)
        {
            switch (value)
            {
                case null:
                case int and 0 when name == "page":
                    break;
                case JsonNode node:
                    args[name] = node;
                    break;
                case int number:
                    args[name] = number;
                    break;
                default:
                    args[name] = value.ToString();
                    break;
            }
        }

        return args;
    }
}
