using System.Text.Json.Nodes;

namespace Weft.Server.Commands;

/// <summary>The envelope of <c>POST /v1/commands</c>.</summary>
internal sealed record CommandRequest(string Command, JsonObject? Args);
