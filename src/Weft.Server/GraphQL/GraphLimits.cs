namespace Weft.Server.GraphQL;

/// <summary>
/// What one GraphQL request may cost, so that no query loads the whole database: fields nested at most
/// <see cref="MaxDepth"/> deep, a complexity of at most <see cref="MaxComplexity"/> (GraphQL.NET's measure: each field
/// counts 1, and the fields under a list count 5 times, nested lists multiplying), pages of at most
/// <see cref="MaxPageSize"/>, and a query text of at most <see cref="MaxQueryLength"/> characters.
/// </summary>
internal static class GraphLimits
{
    public const int MaxDepth = 8;

    public const int MaxComplexity = 1000;

    public const int MaxPageSize = 100;

    public const int MaxQueryLength = 20_000;
}
