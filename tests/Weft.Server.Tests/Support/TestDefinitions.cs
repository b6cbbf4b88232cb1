namespace Weft.Server.Tests.Support;

/// <summary>Definition documents the tests upload.</summary>
public static class TestDefinitions
{
    /// <summary>SERVICE_TASK <c>{prefix}-a</c> → SERVICE_TASK <c>{prefix}-b</c> → END.</summary>
    public static string Linear(string id, string jobTypeA = "step-a", string jobTypeB = "step-b", int retryCount = 0, string? extra = null) => $$"""
        {
          "id": "{{id}}",
          "name": "Linear {{id}}",
          "steps": [
            { "id": "a", "type": "SERVICE_TASK", "jobType": "{{jobTypeA}}", "retryCount": {{retryCount}}, "nextStep": "b"{{extra}} },
            { "id": "b", "type": "SERVICE_TASK", "jobType": "{{jobTypeB}}", "retryCount": {{retryCount}}, "nextStep": "end" },
            { "id": "end", "type": "END" }
          ]
        }
        """;

    /// <summary>One SERVICE_TASK then END.</summary>
    public static string Single(string id, string jobType, int retryCount = 0, string? extra = null) => $$"""
        {
          "id": "{{id}}",
          "steps": [
            { "id": "work", "type": "SERVICE_TASK", "jobType": "{{jobType}}", "retryCount": {{retryCount}}, "nextStep": "end"{{extra}} },
            { "id": "end", "type": "END" }
          ]
        }
        """;
}
