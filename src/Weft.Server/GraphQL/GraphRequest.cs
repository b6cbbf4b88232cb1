using System.Text.Json.Nodes;

namespace Weft.Server.GraphQL;

/// <summary>The body of <c>POST /v1/graphql</c>, and the args of the <c>graphql</c> command.</summary>
internal sealed record GraphRequest(string? Query, JsonObject? Variables, string? OperationName);
