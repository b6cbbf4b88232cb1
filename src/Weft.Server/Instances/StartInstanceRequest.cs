using System.Text.Json.Nodes;
using Weft.Engine;

namespace Weft.Server.Instances;

internal sealed record StartInstanceRequest
{
    public string? DefinitionId { get; set; }

    /// <summary>The definition version to run (Rochallor's name); the latest when absent.</summary>
    public int? DefinitionVersion { get; set; }

    /// <summary>The same as <see cref="DefinitionVersion"/> (Weft's earlier name).</summary>
    public int? Version { get; set; }

    public JsonObject? Variables { get; set; }

    public string? BusinessKey { get; set; }

    public int? RequestedVersion() =>
        DefinitionVersion is { } a && Version is { } b && a != b
            ? throw WeftException.Invalid($"definitionVersion is {a} but version is {b}; send one of them.")
            : DefinitionVersion ?? Version;
}
