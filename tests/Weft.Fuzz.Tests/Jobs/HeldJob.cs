namespace Weft.Fuzz.Tests.Jobs;

/// <summary>A job a poll locked: its id, its instance, the worker holding it, and what is odd about its definition.</summary>
public sealed record HeldJob(string JobId, string InstanceId, string WorkerId, string Definition);
