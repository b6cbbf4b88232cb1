using System.Text.Json.Nodes;
using Weft.Engine.Selectors;

namespace Weft.Engine.Commands;

/// <summary>hold, release and trigger: once per step the selector matches, each its own change.</summary>
internal sealed class StepBulkCommand(WeftEngine engine, StepBulkCommand.Kind kind) : WeftCommand
{
    public enum Kind
    {
        Hold,
        Release,
        Trigger,
    }

    public override string Name => kind.ToString().ToLowerInvariant();

    public override string Summary => kind switch
    {
        Kind.Hold => "Holds the matched steps: they hand out no job until released (a job a worker holds runs on).",
        Kind.Release => "Releases the matched held steps; their ready jobs are handed out at once.",
        _ => "Runs the matched waiting steps of running instances now: a job in retry backoff becomes ready, a timer fires.",
    };

    public override IReadOnlyList<CommandArgument> Arguments { get; } = [TargetArguments.Selector(true)];

    public override JsonObject ExampleArgs => kind switch
    {
        Kind.Hold => new() { ["selector"] = "greeting-1/greet" },
        Kind.Release => new() { ["selector"] = "greeting-1/greet" },
        _ => new() { ["selector"] = "greeting-1/greet:waiting" },
    };

    public override async Task<JsonNode?> RunAsync(CommandArgs args, CancellationToken cancellationToken)
    {
        var selection = await TargetArguments.ResolveAsync(engine, args, Name, cancellationToken);
        var result = await SelectorService.ForEachStepAsync(selection, async (m, step) =>
        {
            var id = m.Instance.Id;
            switch (kind)
            {
                case Kind.Hold:
                    return await engine.Instances.HoldAsync(id, step, cancellationToken) ? "held" : "already held";
                case Kind.Release:
                    return await engine.Instances.ReleaseAsync(id, step, cancellationToken) ? "released" : "was not held";
                default:
                    await engine.Instances.TriggerAsync(id, step, cancellationToken);
                    return "triggered";
            }
        });
        return CommandJson.ToNode(result);
    }
}
