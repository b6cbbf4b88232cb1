using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Weft.Worker.Client;

/// <summary>Source-generated serializers for the wire shapes (camelCase, nulls left out when writing).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ActivatedJob))]
[JsonSerializable(typeof(WorkflowInstance))]
[JsonSerializable(typeof(PagedResult<WorkflowInstance>))]
[JsonSerializable(typeof(PagedResult<JsonObject>))]
[JsonSerializable(typeof(PagedResult<UserTask>))]
[JsonSerializable(typeof(UserTask))]
[JsonSerializable(typeof(HistoryResponse))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(PollJobsRequest))]
[JsonSerializable(typeof(PollJobsResponse))]
[JsonSerializable(typeof(CompleteJobRequest))]
[JsonSerializable(typeof(FailJobRequest))]
[JsonSerializable(typeof(HeartbeatJobRequest))]
[JsonSerializable(typeof(HeartbeatJobResponse))]
[JsonSerializable(typeof(StartInstanceRequest))]
[JsonSerializable(typeof(CancelInstanceRequest))]
[JsonSerializable(typeof(CompleteUserTaskRequest))]
[JsonSerializable(typeof(IReadOnlyList<JobReport>))]
[JsonSerializable(typeof(JobReportResponse))]
[JsonSerializable(typeof(ProgressRequest))]
[JsonSerializable(typeof(PublishCatalogRequest))]
[JsonSerializable(typeof(CatalogNamespace))]
[JsonSerializable(typeof(CatalogListResponse))]
[JsonSerializable(typeof(WorkerListResponse))]
internal sealed partial class WeftJsonContext : JsonSerializerContext;
