using System.Text.Json.Nodes;

namespace Weft.Worker.Client;

// Request and response bodies that only the client itself builds or reads.

internal sealed record PollJobsRequest(string WorkerId, IReadOnlyList<string> JobTypes, int MaxJobs, int WaitMs, int? LeaseSeconds);

internal sealed record PollJobsResponse(IReadOnlyList<ActivatedJob>? Jobs);

internal sealed record CompleteJobRequest(string WorkerId, JsonObject Variables);

internal sealed record FailJobRequest(string WorkerId, string ErrorMessage, bool Retryable);

internal sealed record HeartbeatJobRequest(string WorkerId);

internal sealed record HeartbeatJobResponse(DateTimeOffset? LockExpiresAt);

internal sealed record JobReportResponse(IReadOnlyList<JobReportResult>? Results);

internal sealed record StartInstanceRequest(string DefinitionId, JsonObject Variables, string? BusinessKey, int? DefinitionVersion);

internal sealed record CancelInstanceRequest(string? Reason);

internal sealed record HistoryResponse(IReadOnlyList<StepExecution>? Items);

internal sealed record CompleteUserTaskRequest(string? CompletedBy, JsonObject? Result);

internal sealed record ProgressRequest(string WorkerId, double Percent, string? Message);

internal sealed record PublishCatalogRequest(IReadOnlyList<CatalogTask> Tasks);

internal sealed record CatalogListResponse(IReadOnlyList<CatalogNamespace>? Items);

internal sealed record WorkerListResponse(IReadOnlyList<WorkerInfo>? Items);
