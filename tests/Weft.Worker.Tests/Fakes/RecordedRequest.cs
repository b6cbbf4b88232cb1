using System.Text.Json.Nodes;

namespace Weft.Worker.Tests.Fakes;

/// <summary>One request the fake server received. <see cref="Path"/> includes the query string.</summary>
public sealed record RecordedRequest(string Method, string Path, string? ContentType, string Body)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    public bool Is(string method, string path) => Method == method && Path == path;
}
