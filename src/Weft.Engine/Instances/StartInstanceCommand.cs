using System.Text.Json.Nodes;

namespace Weft.Engine.Instances;

/// <param name="Version">The definition version to run; the latest when null.</param>
public sealed record StartInstanceCommand(string DefinitionId, JsonObject? Variables = null, string? BusinessKey = null, int? Version = null);
