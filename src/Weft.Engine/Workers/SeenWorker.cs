namespace Weft.Engine.Workers;

/// <summary>A worker that polled recently (on any node): the job types of its latest poll, when that was, and how many jobs it holds now.</summary>
public sealed record SeenWorker(string WorkerId, IReadOnlyList<string> JobTypes, DateTimeOffset LastPollAt, int JobsHeld);
