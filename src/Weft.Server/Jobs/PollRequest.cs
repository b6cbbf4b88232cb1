namespace Weft.Server.Jobs;

/// <param name="WaitMs">Long poll: how long to wait for work when none is ready (0 answers at once).</param>
internal sealed record PollRequest(string? WorkerId, IReadOnlyList<string>? JobTypes, int? MaxJobs, int? WaitMs);
