namespace Weft.Engine.Jobs;

/// <param name="MaxJobs">How many jobs the worker takes at most; more than <see cref="WeftEngineOptions.MaxJobsPerPoll"/> is shortened to it.</param>
/// <param name="WaitMs">
/// How long to wait for work when none is ready (long poll), in milliseconds; zero answers at once, and more than
/// <see cref="WeftEngineOptions.MaxPollWait"/> is shortened to it.
/// </param>
/// <param name="LeaseSeconds">The lease of the jobs this poll claims (5 to 3600); the step's lease when null.</param>
public sealed record PollCommand(string WorkerId, IReadOnlyList<string> JobTypes, long MaxJobs = 1, long WaitMs = 0, long? LeaseSeconds = null);
