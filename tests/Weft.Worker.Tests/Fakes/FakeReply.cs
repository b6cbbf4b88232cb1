using System.Text.Json.Nodes;

namespace Weft.Worker.Tests.Fakes;

public sealed record FakeReply(int Status, string? Body = null, string ContentType = "application/json")
{
    public static FakeReply Json(int status, JsonNode body) => new(status, body.ToJsonString());

    public static FakeReply NoContent() => new(204);

    /// <summary>A problem+json answer; <paramref name="error"/> is Weft's short code, left out when null.</summary>
    public static FakeReply Problem(int status, string title, string detail, string? error = null)
    {
        var problem = new JsonObject
        {
            ["type"] = "about:blank",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["message"] = detail,
        };
        if (error is not null)
        {
            problem["error"] = error;
        }

        return new(status, problem.ToJsonString(), "application/problem+json");
    }
}
