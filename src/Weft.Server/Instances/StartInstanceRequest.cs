using System.Text.Json.Nodes;

namespace Weft.Server.Instances;

/// <param name="Version">The definition version to run; the latest when absent.</param>
internal sealed record StartInstanceRequest(string? DefinitionId, JsonObject? Variables, string? BusinessKey, int? Version);
