namespace Weft.Engine.Workers;

/// <summary>A worker's poll as it is recorded: who polled, for which job types (sorted, each once), and when.</summary>
public sealed record WorkerSighting(string WorkerId, IReadOnlyList<string> JobTypes, DateTimeOffset LastPollAt);
