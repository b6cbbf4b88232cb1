using System.Text.Json.Nodes;

namespace Weft.Server.Jobs;

internal sealed record CompleteJobRequest
{
    public string? WorkerId { get; set; }

    public JsonObject? Variables { get; set; }
}
