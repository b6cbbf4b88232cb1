using System.Text.Json.Nodes;

namespace Weft.Engine.Commands;

/// <summary>
/// The commands by name, and the one dispatch of an envelope: checks the arguments, runs the command, and turns an
/// engine refusal into a handled error (<see cref="CommandAnswer.Error"/>). Unexpected exceptions are not handled here.
/// </summary>
public sealed class CommandRegistry
{
    private readonly Dictionary<string, WeftCommand> _commands = new(StringComparer.Ordinal);

    public CommandRegistry(IEnumerable<WeftCommand> commands)
    {
        foreach (var command in commands)
        {
            if (!_commands.TryAdd(command.Name, command))
            {
                throw new ArgumentException($"Two commands are named '{command.Name}'.", nameof(commands));
            }
        }
    }

    /// <summary>Every command of the engine, the <c>api</c> command over all of them, and the host's own (e.g. <c>graphql</c>).</summary>
    public static CommandRegistry ForEngine(WeftEngine engine, CommandHost host, params IEnumerable<WeftCommand> extra)
    {
        var commands = new List<WeftCommand>
        {
            new PingCommand(engine, host),
            new DeployCommand(engine, host),
            new StartCommand(engine),
            new ShowCommand(engine),
            new ListCommand(engine),
            new HistoryCommand(engine),
            new InstanceBulkCommand(engine, InstanceBulkCommand.Kind.Cancel),
            new InstanceBulkCommand(engine, InstanceBulkCommand.Kind.Suspend),
            new InstanceBulkCommand(engine, InstanceBulkCommand.Kind.Resume),
            new InstanceBulkCommand(engine, InstanceBulkCommand.Kind.Retry),
            new SignalCommand(engine),
            new CompleteTaskCommand(engine),
            new SetVariablesCommand(engine),
            new StepBulkCommand(engine, StepBulkCommand.Kind.Hold),
            new StepBulkCommand(engine, StepBulkCommand.Kind.Release),
            new StepBulkCommand(engine, StepBulkCommand.Kind.Trigger),
            new StatsCommand(engine),
        };
        commands.AddRange(extra);
        var registry = new CommandRegistry(commands);
        registry._commands.Add("api", new ApiCommand(registry));
        return registry;
    }

    public IReadOnlyList<WeftCommand> Commands => [.. _commands.Values.OrderBy(c => c.Name, StringComparer.Ordinal)];

    public WeftCommand? Find(string name) => _commands.GetValueOrDefault(name);

    public async Task<CommandAnswer> RunAsync(string name, JsonObject? args, CancellationToken cancellationToken = default)
    {
        if (Find(name) is not { } command)
        {
            return CommandAnswer.Failed(
                $"There is no command '{Shorten(name)}'. Known commands, closest first: {string.Join(", ", ClosestFirst(name))}. Send {{\"command\": \"api\"}} for what each does.",
                "UNKNOWN_COMMAND");
        }

        try
        {
            return CommandAnswer.Of(await command.RunAsync(new CommandArgs(command, args), cancellationToken));
        }
        catch (WeftException ex)
        {
            var message = ex.Problems.Count > 1 ? $"{ex.Message} {string.Join(" ", ex.Problems)}" : ex.Message;
            return CommandAnswer.Failed(message, CodeOf(ex.Kind));
        }
    }

    public static string CodeOf(WeftErrorKind kind) => kind switch
    {
        WeftErrorKind.NotFound => "NOT_FOUND",
        WeftErrorKind.Conflict => "CONFLICT",
        WeftErrorKind.TooLarge => "TOO_LARGE",
        _ => "INVALID_INPUT",
    };

    /// <summary>The command names, those closest to <paramref name="name"/> (fewest edits) first.</summary>
    public IReadOnlyList<string> ClosestFirst(string name) =>
        [.. _commands.Keys.OrderBy(k => Distance(Shorten(name).ToLowerInvariant(), k)).ThenBy(k => k, StringComparer.Ordinal)];

    private static string Shorten(string name) => name.Length <= 64 ? name : $"{name[..64]}…";

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
