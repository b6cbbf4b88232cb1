namespace Weft.Server.Jobs;

internal sealed record PollResponse(IReadOnlyList<JobResponse> Jobs);
