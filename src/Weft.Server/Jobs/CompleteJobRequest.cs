using System.Text.Json.Nodes;

namespace Weft.Server.Jobs;

internal sealed record CompleteJobRequest(string? WorkerId, JsonObject? Variables);
