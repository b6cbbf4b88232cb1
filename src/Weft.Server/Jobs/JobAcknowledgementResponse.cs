namespace Weft.Server.Jobs;

internal sealed record JobAcknowledgementResponse(IReadOnlyList<JobAcknowledgementResult> Results);
