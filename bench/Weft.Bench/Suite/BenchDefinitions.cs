namespace Weft.Bench.Suite;

/// <summary>The definitions the Weft parts run: one SERVICE_TASK, or five in a row, then END.</summary>
public static class BenchDefinitions
{
    /// <summary>A definition <paramref name="id"/> whose steps are <paramref name="steps"/> SERVICE_TASKs of job type <paramref name="jobType"/>.</summary>
    public static string Json(string id, string jobType, int steps)
    {
        var tasks = Enumerable.Range(1, steps).Select(i =>
            $$"""{ "id": "s{{i}}", "type": "SERVICE_TASK", "jobType": "{{jobType}}", "nextStep": "{{(i == steps ? "end" : $"s{i + 1}")}}" }""");
        return $$"""{ "id": "{{id}}", "steps": [ {{string.Join(", ", tasks)}}, { "id": "end", "type": "END" } ] }""";
    }
}
