using Weft.Engine;

namespace Weft.Server.GraphQL;

/// <summary>The user context of a GraphQL execution: the engine its resolvers read from.</summary>
internal sealed class GraphContext(WeftEngine engine) : Dictionary<string, object?>
{
    public WeftEngine Engine { get; } = engine;

    public static WeftEngine EngineOf(global::GraphQL.IResolveFieldContext context) => ((GraphContext)context.UserContext).Engine;
}
