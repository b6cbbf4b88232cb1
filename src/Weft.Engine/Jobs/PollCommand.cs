namespace Weft.Engine.Jobs;

/// <param name="Wait">How long to wait for work when none is ready (long poll); zero answers at once.</param>
public sealed record PollCommand(string WorkerId, IReadOnlyList<string> JobTypes, int MaxJobs, TimeSpan Wait = default);
