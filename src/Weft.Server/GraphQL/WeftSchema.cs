using GraphQL.Types;

namespace Weft.Server.GraphQL;

/// <summary>Weft's GraphQL schema: a query root and no mutations (changes go through REST and commands).</summary>
internal sealed class WeftSchema : Schema
{
    public WeftSchema()
    {
        Query = new QueryType();
    }
}
