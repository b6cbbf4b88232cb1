using System.Text.Json.Nodes;

namespace Weft.Server.Instances;

internal sealed record StartInstanceRequest
{
    public string? DefinitionId { get; set; }

    public JsonObject? Variables { get; set; }

    public string? BusinessKey { get; set; }

    /// <summary>The definition version to run; the latest when absent.</summary>
    public int? Version { get; set; }
}
