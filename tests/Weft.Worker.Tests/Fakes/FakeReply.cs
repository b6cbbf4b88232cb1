using System.Text.Json.Nodes;

namespace Weft.Worker.Tests.Fakes;

public sealed record FakeReply(int Status, string? Body = null, string ContentType = "application/json")
{
    public static FakeReply Json(int status, JsonNode body) => new(status, body.ToJsonString());

    public static FakeReply NoContent() => new(204);

    public static FakeReply Problem(int status, string title, string detail) => new(
        status,
        new JsonObject
        {
            ["type"] = "about:blank",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["message"] = detail,
        }.ToJsonString(),
        "application/problem+json");
}
