namespace Weft.Server.Tests.Api;

/// <summary>
/// The routes and fields of Rochallor's REST reference (shared/reference/rochallor-rest-openapi.yaml, Apache 2.0),
/// copied as data: every operation, its success status, every request field it names, its required response fields
/// (and the history's optional <c>endedAt</c> and <c>failureReason</c>), and its query parameters.
/// </summary>
public static class RochallorReference
{
    private static readonly string[] Instance =
    [
        "id: string", "definitionId: string", "definitionVersion: integer",
        "status: one of ACTIVE|WAITING|COMPLETED|FAILED|CANCELLED", "currentStepIds: array of string", "startedAt: date-time",
    ];

    private static readonly string[] Definition =
    [
        "id: string", "name: string", "steps: array of object", "steps[].id: string", "steps[].name: string",
        "steps[].type: one of SERVICE_TASK|USER_TASK|DECISION|TRANSFORMATION|WAIT|PARALLEL_GATEWAY|JOIN_GATEWAY|END",
        "steps[].boundaryEvents[].type: one of TIMER", "steps[].boundaryEvents[].targetStepId: string",
    ];

    private static readonly string[] DefinitionSummary = ["id: string", "version: integer", "name: string"];

    public static IReadOnlyList<ReferenceOperation> Operations { get; } =
    [
        new("POST", "/v1/definitions", 201, Definition, DefinitionSummary),
        new("GET", "/v1/definitions", 200, [],
            ["items: array of object", "page: integer", "pageSize: integer", "total: integer", .. Items(DefinitionSummary)],
            ["keyword: string", "page: integer", "pageSize: integer"]),
        new("GET", "/v1/definitions/{id}", 200, [], Definition),
        new("GET", "/v1/definitions/{id}/versions/{version}", 200, [], Definition),
        new("GET", "/v1/instances", 200, [], ["items: array of object", "total: integer", .. Items(Instance)],
            ["definitionId: string", "status: one of ACTIVE|WAITING|COMPLETED|FAILED|CANCELLED", "businessKey: string", "page: integer", "pageSize: integer"]),
        new("POST", "/v1/instances", 201, ["definitionId: string", "definitionVersion: integer", "variables: object", "businessKey: string"], Instance),
        new("GET", "/v1/instances/{id}", 200, [], Instance),
        new("GET", "/v1/instances/{id}/history", 200, [],
        [
            "items: array of object", "items[].id: string", "items[].instanceId: string", "items[].stepId: string",
            "items[].stepType: string", "items[].attemptNumber: integer", "items[].status: one of RUNNING|COMPLETED|FAILED|SKIPPED",
            "items[].startedAt: date-time", "items[].endedAt: date-time", "items[].failureReason: string",
        ]),
        new("POST", "/v1/instances/{id}/cancel", 200, [], Instance),
        new("POST", "/v1/jobs/poll", 200, ["workerId: string", "jobTypes: array of string", "maxJobs: integer", "leaseSeconds: integer"],
        [
            "jobs: array of object", "jobs[].id: string", "jobs[].jobType: string", "jobs[].instanceId: string", "jobs[].stepId: string",
            "jobs[].stepExecutionId: string", "jobs[].retriesRemaining: integer", "jobs[].variables: object", "jobs[].lockExpiresAt: date-time",
        ]),
        new("POST", "/v1/jobs/{id}/complete", 204, ["workerId: string", "variables: object"], []),
        new("POST", "/v1/jobs/{id}/fail", 204, ["workerId: string", "retryable: boolean", "errorMessage: string"], []),
        new("POST", "/v1/instances/{instanceId}/user-tasks/{userTaskId}/complete", 204, ["completedBy: string", "result: object"], []),
        new("POST", "/v1/instances/{instanceId}/signals/{waitStepId}", 204, [": object"], []),
    ];

    /// <summary>
    /// What Weft's document does not describe yet although the server does it (each was checked against the running
    /// server). An entry that becomes described fails the test until it is removed from here.
    /// </summary>
    public static IReadOnlySet<string> KnownGaps { get; } = new HashSet<string>(StringComparer.Ordinal);

    private static IEnumerable<string> Items(string[] fields) => fields.Select(field => "items[]." + field);
}
