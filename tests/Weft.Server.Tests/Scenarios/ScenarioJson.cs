using System.Text.Json.Nodes;

namespace Weft.Server.Tests.Scenarios;

/// <summary>Small readers for the JSON the API answers.</summary>
public static class ScenarioJson
{
    /// <summary>A JSON array of strings, such as an instance's <c>currentStepIds</c>.</summary>
    public static List<string> Strings(JsonNode? array) => [.. array!.AsArray().Select(n => (string)n!)];

    /// <summary>The instance's <c>currentStepIds</c>, sorted.</summary>
    public static List<string> CurrentSteps(JsonObject instance) => [.. Strings(instance["currentStepIds"]).Order(StringComparer.Ordinal)];

    /// <summary>One string field of each row.</summary>
    public static List<string?> Column(IEnumerable<JsonObject> rows, string field) => [.. rows.Select(r => (string?)r[field])];

    /// <summary>The step ids of history rows, in order.</summary>
    public static List<string?> Steps(IEnumerable<JsonObject> history) => Column(history, "stepId");

    public static JsonObject Variables(JsonObject instance) => instance["variables"]!.AsObject();
}
