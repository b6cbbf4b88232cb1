using System.Text.Json.Nodes;

namespace Weft.Worker.Tests.Fakes;

/// <summary>Answers in the shapes the real server sends (copied from its answers, with shorter ids), and a body check.</summary>
public static class WireSamples
{
    public static JsonObject Instance(string id, string status, params string[] currentStepIds) => new()
    {
        ["id"] = id,
        ["definitionId"] = "order-pipeline",
        ["definitionVersion"] = 3,
        ["status"] = status,
        ["businessKey"] = "order-42",
        ["variables"] = new JsonObject { ["value"] = 21 },
        ["currentStepIds"] = new JsonArray([.. (currentStepIds.Length == 0 ? ["receive-order"] : currentStepIds).Select(s => JsonValue.Create(s))]),
        ["failureReason"] = null,
        ["parentInstanceId"] = null,
        ["createdAt"] = "2026-01-01T00:00:00Z",
        ["startedAt"] = "2026-01-01T00:00:00Z",
        ["updatedAt"] = "2026-01-01T00:00:02Z",
        ["completedAt"] = null,
    };

    /// <summary>A task of the real server, <c>tokenId</c> (Weft's own) included: the client ignores it.</summary>
    public static JsonObject UserTask(string id, string status = "OPEN") => JsonNode.Parse($$"""
        {"id":"{{id}}","instanceId":"i-1","tokenId":"k-1","stepId":"approve","stepExecutionId":"s-1","name":"Approve the expense",
         "status":"{{status}}","assignee":"alice","candidateGroups":["managers","finance"],"createdAt":"2026-01-01T00:00:00Z",
         "completedAt":null,"completedBy":null,"result":null}
        """)!.AsObject();

    /// <summary>Exactly one POST to <paramref name="path"/> was received, with a body equal to <paramref name="expectedJson"/>.</summary>
    public static void AssertPosted(FakeWeftServer server, string path, string expectedJson)
    {
        var request = Assert.Single(server.RequestsTo("POST", path));
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(expectedJson), request.Json),
            $"POST {path}: expected {expectedJson}, got {request.Body}");
    }
}
