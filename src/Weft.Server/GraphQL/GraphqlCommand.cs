using System.Text.Json.Nodes;
using Weft.Engine;
using Weft.Engine.Commands;

namespace Weft.Server.GraphQL;

internal sealed class GraphqlCommand(WeftEngine engine, GraphRunner runner) : WeftCommand
{
    public override string Name => "graphql";

    public override string Summary => "Runs a read-only GraphQL query (as POST /v1/graphql does): definitions, instances with their tokens, history, jobs, tasks and timers, catalog, workers.";

    public override IReadOnlyList<CommandArgument> Arguments { get; } =
    [
        new("query", "string", true, $"The GraphQL query (at most {GraphLimits.MaxDepth} levels deep, complexity at most {GraphLimits.MaxComplexity})."),
        new("variables", "object", false, "The query's variables."),
        new("operationName", "string", false, "Which operation of the query to run, when it has several."),
    ];

    public override JsonObject ExampleArgs => new()
    {
        ["query"] = "query($key: String) { instances(filter: {businessKey: $key}) { total items { id status currentStepIds tokens { stepId status } } } }",
        ["variables"] = new JsonObject { ["key"] = "greeting-1" },
    };

    public override async Task<JsonNode?> RunAsync(CommandArgs args, CancellationToken cancellationToken) =>
        await runner.RunAsync(engine, new GraphRequest(args.RequiredString("query"), args.Json("variables"), args.Text("operationName")), cancellationToken);
}
