namespace Weft.Cli.Tests.Support;

/// <summary>Small definitions for the CLI tests: one service task, then the end.</summary>
public static class Definitions
{
    public static string Json(string id, string jobType = "cli-work") => $$"""
        {
          "id": "{{id}}",
          "name": "CLI test",
          "steps": [
            { "id": "do-work", "type": "SERVICE_TASK", "jobType": "{{jobType}}", "nextStep": "finish" },
            { "id": "finish", "type": "END" }
          ]
        }
        """;

    public static string Yaml(string id) => $"""
        id: {id}
        name: CLI test in YAML
        steps:
          - id: do-work
            type: SERVICE_TASK
            jobType: cli-work
            retryCount: 2
            nextStep: finish
          - id: finish
            type: END
        """;
}
