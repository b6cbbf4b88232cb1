using System.Text.Json.Nodes;
using Weft.Engine.Selectors;

namespace Weft.Engine.Commands;

/// <summary>cancel, suspend, resume and retry: once per instance the selector matches, each its own change.</summary>
internal sealed class InstanceBulkCommand(WeftEngine engine, InstanceBulkCommand.Kind kind) : WeftCommand
{
    public enum Kind
    {
        Cancel,
        Suspend,
        Resume,
        Retry,
    }

    public override string Name => kind.ToString().ToLowerInvariant();

    public override string Summary => kind switch
    {
        Kind.Cancel => "Cancels the matched instances and everything they wait on (jobs, user tasks, timers, sub-workflows).",
        Kind.Suspend => "Suspends the matched instances: no job is handed out and no timer fires until they are resumed.",
        Kind.Resume => "Resumes the matched suspended instances; timers that fell due meanwhile fire now.",
        _ => "Runs the failed steps of the matched FAILED instances again, with fresh retries.",
    };

    public override IReadOnlyList<CommandArgument> Arguments { get; } = kind == Kind.Cancel
        ? [TargetArguments.Selector(false), TargetArguments.InstanceId, new("reason", "string", false, "Why; it becomes the instances' failureReason.")]
        : [TargetArguments.Selector(false), TargetArguments.InstanceId];

    public override JsonObject ExampleArgs => kind switch
    {
        Kind.Cancel => new() { ["selector"] = "greeting-*/*", ["reason"] = "duplicate orders" },
        Kind.Suspend => new() { ["selector"] = "greeting-1/*" },
        Kind.Resume => new() { ["selector"] = "greeting-1/*" },
        _ => new() { ["selector"] = "*/greet:failed" },
    };

    public override async Task<JsonNode?> RunAsync(CommandArgs args, CancellationToken cancellationToken)
    {
        var reason = kind == Kind.Cancel ? args.Text("reason") : null;
        var selection = await TargetArguments.ResolveAsync(engine, args, Name, cancellationToken);
        var result = await SelectorService.ForEachInstanceAsync(selection, async m =>
        {
            var id = m.Instance.Id;
            switch (kind)
            {
                case Kind.Cancel:
                    await engine.Instances.CancelAsync(id, reason, cancellationToken);
                    return "cancelled";
                case Kind.Suspend:
                    await engine.Instances.SuspendAsync(id, cancellationToken);
                    return "suspended";
                case Kind.Resume:
                    await engine.Instances.ResumeAsync(id, cancellationToken);
                    return "resumed";
                default:
                    await engine.Instances.RetryAsync(id, cancellationToken);
                    return "retried";
            }
        });
        return CommandJson.ToNode(result);
    }
}
