using Weft.Fuzz.Tests.Generators;
using Weft.Fuzz.Tests.Support;

namespace Weft.Fuzz.Tests.Commands;

/// <summary>Generated <c>POST /v1/commands</c> requests: broken envelopes, and every command with hostile arguments.</summary>
public static class CommandRequests
{
    public const string Route = "/v1/commands";

    private const string Malformed = "docs/commands.md: a malformed envelope is a 4xx";

    /// <summary>The commands that read only: whatever their arguments, they change nothing.</summary>
    public static readonly IReadOnlyList<string> ReadOnlyCommands = ["ping", "api", "graphql", "show", "list", "history", "stats"];

    /// <summary>Every command with the arguments docs/commands.md gives it.</summary>
    private static readonly IReadOnlyList<(string Name, string[] Args)> Commands =
    [
        ("ping", []),
        ("api", ["endpoint"]),
        ("graphql", ["query", "variables", "operationName"]),
        ("deploy", ["definition", "yaml"]),
        ("start", ["definitionId", "variables", "businessKey"]),
        ("show", ["instanceId"]),
        ("list", ["definitionId", "status", "businessKey", "page", "pageSize"]),
        ("history", ["instanceId"]),
        ("cancel", ["selector", "instanceId", "reason"]),
        ("suspend", ["selector", "instanceId", "reason"]),
        ("resume", ["selector", "instanceId"]),
        ("retry", ["selector", "instanceId"]),
        ("signal", ["instanceId", "stepId", "variables"]),
        ("complete-task", ["taskId", "instanceId", "stepId", "variables", "completedBy"]),
        ("set-variables", ["instanceId", "variables"]),
        ("hold", ["selector"]),
        ("release", ["selector"]),
        ("trigger", ["selector"]),
        ("stats", []),
    ];

    private static readonly string[] Selectors =
    [
        "*", "*/work", "*/work:waiting", "*/*:held", "*/*:running", "*/*:failed", "*/*:completed", "fx-key-*", "fx-key-?/work", "fx-key-1",
        "*:bogus", "*/", "/work", "a/b/c/d:e:f", "****/????", "*/" + new string('*', 400), new string('a', 600), "0000", "ffff*/*",
    ];

    /// <summary>A whole envelope gone wrong (not JSON, not an object, cut short, …) around a read-only command.</summary>
    public static FuzzRequest BrokenBody(FuzzRandom random)
    {
        var valid = JsonText.Write(new JsonFields { { "command", random.Pick("ping", "stats", "api") }, { "args", new JsonFields() } });
        var (body, label, mustFail) = BodyMutations.Whole(random, valid, required: true);
        return new FuzzRequest("POST", Route, Route, $"envelope: {label}")
        {
            ContentType = "application/json", Body = body, MustFail = mustFail, ReadOnly = "the envelope names a read-only command",
        };
    }

    /// <summary>An envelope whose own fields are wrong: the command name or args of a hostile kind, extra or missing fields.</summary>
    public static FuzzRequest BadEnvelope(FuzzRandom random)
    {
        var fields = new JsonFields();
        string label;
        string? mustFail = null;
        switch (random.Between(0, 6))
        {
            case 0:
                var (name, nameLabel) = HostileStrings.Any(random);
                fields.Add("command", name);
                label = $"command name: {nameLabel}";
                mustFail = name.Length == 0 ? "docs/commands.md: the envelope needs a command name" : null;
                break;
            case 1:
                var (value, valueLabel) = HostileJson.Value(random);
                fields.Add("command", value);
                label = $"command is {valueLabel}";
                mustFail = value is string { Length: > 0 } || (value is RawJson raw && raw.Text.StartsWith('"')) // a string, maybe one a reader refuses
                    ? null
                    : "docs/commands.md: the command is a name (a non-empty string)";
                break;
            case 2:
                fields.Add("command", "ping");
                var (args, argsLabel) = random.Chance(0.5) ? HostileJson.Value(random) : (random.Pick<object?>("[]", 1, true, new List<object?> { 1 }), "args of the wrong type");
                fields.Add("args", args);
                label = $"args is {argsLabel}";
                var written = JsonText.Write(args).TrimStart();
                mustFail = written.StartsWith('{') || written == "null" ? null : "docs/commands.md: args is an object";
                break;
            case 3:
                fields.Add("args", new JsonFields());
                label = "no command";
                mustFail = "docs/commands.md: the envelope needs 'command'";
                break;
            case 4:
                fields.Add("command", "stats");
                fields.Add(random.Pick("arguments", "Command", "data", ""), 1);
                label = "a field besides command and args";
                mustFail = "docs/commands.md: the envelope has only 'command' and 'args'";
                break;
            case 5:
                fields.Add("command", "ping");
                fields.Add("command", random.Pick("stats", "api"));
                label = "command given twice";
                break;
            default:
                fields.Add("command", random.Pick("Ping", "PING", "pnig", "list-instances", "api ", "show\u0000", "stat", "help"));
                label = "a misspelt command";
                break;
        }

        return new FuzzRequest("POST", Route, Route, $"envelope: {label}")
        {
            ContentType = "application/json",
            Body = System.Text.Encoding.UTF8.GetBytes(JsonText.Write(fields)),
            MustFail = mustFail,
            ReadOnly = "no write command is named",
        };
    }

    /// <summary>A real command with each of its arguments left out, plausible, or hostile (and now and then one it does not take).</summary>
    public static FuzzRequest Command(FuzzRandom random, IReadOnlyList<string> instanceIds)
    {
        var (name, argNames) = random.PickFrom(Commands);
        var args = new JsonFields();
        var labels = new List<string>();
        foreach (var arg in argNames)
        {
            switch (random.Between(0, 5))
            {
                case 0:
                    break;
                case < 4:
                    args.Add(arg, Plausible(random, arg, instanceIds));
                    break;
                case 4:
                    var (text, textLabel) = HostileStrings.Any(random);
                    args.Add(arg, text);
                    labels.Add($"{arg}: {textLabel}");
                    break;
                default:
                    var (value, valueLabel) = HostileJson.Value(random);
                    args.Add(arg, value);
                    labels.Add($"{arg}: {valueLabel}");
                    break;
            }
        }

        if (random.Chance(0.1))
        {
            args.Add(random.Pick("unknown", "selectors", "instance_id", ""), "x");
            labels.Add("an argument the command does not take");
        }

        var body = JsonText.Write(new JsonFields { { "command", name }, { "args", args } });
        var readOnly = ReadOnlyCommands.Contains(name);
        return new FuzzRequest("POST", Route, Route, $"{name}: {(labels.Count == 0 ? "plausible arguments" : string.Join(", ", labels))}")
        {
            ContentType = "application/json",
            Body = System.Text.Encoding.UTF8.GetBytes(body),
            ReadOnly = readOnly ? $"'{name}' only reads" : null,
            RefusedWhen = readOnly ? null : CommandAnswerRules.IsError,
        };
    }

    private static object? Plausible(FuzzRandom random, string arg, IReadOnlyList<string> instanceIds) => arg switch
    {
        "instanceId" => instanceIds.Count > 0 && random.Chance(0.7) ? random.PickFrom(instanceIds) : random.Pick("nope", "0000", "fx-key-1"),
        "selector" => random.Chance(0.3) && instanceIds.Count > 0 ? $"{random.PickFrom(instanceIds)}/work" : random.PickFrom(Selectors),
        "definitionId" => random.Pick("fx", "fx", "fx", "nope", "FX"),
        "stepId" => random.Pick("work", "end", "nope"),
        "taskId" => random.Pick("nope", "0000"),
        "variables" => random.Chance(0.6) ? new JsonFields { { "orderId", random.Between(1, 99) } } : HostileJson.Object(random).Value,
        "status" => random.Pick("ACTIVE", "active", "COMPLETED", "bogus", "UNLOCKED", ""),
        "page" or "pageSize" => new RawJson(random.PickFrom(HostileNumbers.ForIntFields).Text),
        "businessKey" => random.Pick("fx-key-1", "fx-key-9", new string('k', 300)),
        "query" => GraphqlQueries.Any(random).Query,
        "operationName" => random.Pick("Q", "nope", ""),
        "endpoint" => random.Pick("ping", "hold", "nope", "API", ""),
        "definition" => random.Chance(0.6)
            ? new RawJson(Setup.Definition(random.Pick("fx", "fx-new"), "fx-work"))
            : random.Pick<object?>(new JsonFields { { "id", "x" } }, new JsonFields { { "id", "y" }, { "steps", new List<object?>() } }, "{}"),
        "yaml" => random.Pick("id: y\nsteps: []\n", "id: fx-yaml\nsteps:\n  - {id: work, type: SERVICE_TASK, jobType: fx-work, nextStep: end}\n  - {id: end, type: END}\n", "a: &a [*a]", ":"),
        "reason" or "completedBy" => random.Pick("operator", "", "because"),
        _ => "x",
    };
}
