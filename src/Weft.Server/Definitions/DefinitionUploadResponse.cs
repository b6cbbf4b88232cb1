using System.Text.Json.Nodes;
using Weft.Engine.Definitions;

namespace Weft.Server.Definitions;

/// <summary>
/// The answer to an upload: the stored definition, field for field as <c>GET /v1/definitions/{id}</c> answers it,
/// and the upload's <c>warnings</c> (always there, often empty).
/// </summary>
internal sealed record DefinitionUploadResponse(
    string Id,
    int Version,
    string? Name,
    string? Description,
    IReadOnlyList<StepDefinition> Steps,
    bool AutoStartNextWorkflow,
    string? NextWorkflowId,
    JsonObject? Metadata,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UploadedAt,
    IReadOnlyList<string> Warnings)
{
    public static DefinitionUploadResponse From(DeployResult result)
    {
        var d = result.Definition;
        return new(d.Id, d.Version, d.Name, d.Description, d.Steps, d.AutoStartNextWorkflow, d.NextWorkflowId, d.Metadata, d.CreatedAt, d.UploadedAt, result.Warnings);
    }
}
