using System.Text.Json;
using System.Text.Json.Serialization;
using Weft.Engine.Instances;
using Weft.Engine.Storage;
using Weft.Server.Instances;
using Weft.Server.Jobs;
using Weft.Server.UserTasks;
using Weft.Server.Workers;
using Weft.Engine.UserTasks;

namespace Weft.Server.Hosting;

/// <summary>Source-generated JSON for the wire types, so the hot paths (poll, complete) do no reflection.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PollRequest))]
[JsonSerializable(typeof(PollResponse))]
[JsonSerializable(typeof(CompleteJobRequest))]
[JsonSerializable(typeof(FailJobRequest))]
[JsonSerializable(typeof(HeartbeatRequest))]
[JsonSerializable(typeof(HeartbeatResponse))]
[JsonSerializable(typeof(ProgressRequest))]
[JsonSerializable(typeof(JobResponse))]
[JsonSerializable(typeof(WorkerListResponse))]
[JsonSerializable(typeof(IReadOnlyList<JobAcknowledgement>))]
[JsonSerializable(typeof(JobAcknowledgementResponse))]
[JsonSerializable(typeof(StartInstanceRequest))]
[JsonSerializable(typeof(CancelInstanceRequest))]
[JsonSerializable(typeof(WorkflowInstance))]
[JsonSerializable(typeof(PagedResult<WorkflowInstance>))]
[JsonSerializable(typeof(HistoryResponse))]
[JsonSerializable(typeof(UserTaskCompletionRequest))]
[JsonSerializable(typeof(UserTask))]
[JsonSerializable(typeof(PagedResult<UserTask>))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(Weft.Server.Commands.CommandRequest))]
[JsonSerializable(typeof(Weft.Server.Commands.CommandResponse))]
[JsonSerializable(typeof(Weft.Server.GraphQL.GraphRequest))]
internal sealed partial class WeftJsonContext : JsonSerializerContext;
