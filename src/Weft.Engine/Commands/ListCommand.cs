using System.Text.Json.Nodes;
using Weft.Engine.Instances;
using Weft.Engine.Storage;

namespace Weft.Engine.Commands;

internal sealed class ListCommand(WeftEngine engine) : WeftCommand
{
    public override string Name => "list";

    public override string Summary => "Instances, newest first, filtered by definition, status and business key, a page at a time.";

    public override IReadOnlyList<CommandArgument> Arguments { get; } =
    [
        new("definitionId", "string", false, "Only instances of this definition."),
        new("status", "string", false, "Only instances in this status: ACTIVE, WAITING, SUSPENDED, COMPLETED, FAILED or CANCELLED."),
        new("businessKey", "string", false, "Only instances with this business key."),
        new("page", "integer", false, "The page, from 0 (default 0)."),
        new("pageSize", "integer", false, $"Instances per page, 1 to {Paging.MaxPageSize} (default {Paging.DefaultPageSize})."),
    ];

    public override JsonObject ExampleArgs => new() { ["definitionId"] = "hello", ["status"] = "ACTIVE", ["pageSize"] = 10 };

    public override async Task<JsonNode?> RunAsync(CommandArgs args, CancellationToken cancellationToken)
    {
        var query = new InstanceQuery(
            args.Text("definitionId"), CommandStatus.Instance(args.Text("status")), args.Text("businessKey"),
            args.Number("page") ?? 0, args.Number("pageSize") ?? Paging.DefaultPageSize);
        return CommandJson.ToNode(await engine.Instances.ListAsync(query, cancellationToken));
    }
}
