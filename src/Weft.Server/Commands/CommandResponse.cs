using System.Text.Json.Nodes;
using Weft.Engine.Commands;

namespace Weft.Server.Commands;

/// <summary>The answer of <c>POST /v1/commands</c>: <c>data</c>, or a handled <c>error</c>.</summary>
internal sealed record CommandResponse(JsonNode? Data, CommandError? Error);
