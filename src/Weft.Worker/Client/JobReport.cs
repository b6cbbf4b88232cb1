using System.Text.Json.Nodes;

namespace Weft.Worker.Client;

/// <summary>
/// One job's outcome in a batched report (<see cref="WeftClient.CompleteJobsAsync"/>, <see cref="WeftClient.FailJobsAsync"/>):
/// for a completion the <see cref="Variables"/>; for a failure the <see cref="ErrorMessage"/> and whether it is <see cref="Retryable"/>.
/// </summary>
public sealed record JobReport(string JobId, string WorkerId, JsonObject? Variables = null, string? ErrorMessage = null, bool? Retryable = null);
