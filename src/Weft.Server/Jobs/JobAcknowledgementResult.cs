namespace Weft.Server.Jobs;

/// <summary>
/// What happened to one entry of a batch: <paramref name="Status"/> is what the single-job route would have answered
/// (204, or 200 with <paramref name="LockExpiresAt"/> for a heartbeat; 404, 409… with the problem's <paramref name="Error"/>
/// code and <paramref name="Message"/>).
/// </summary>
internal sealed record JobAcknowledgementResult(string JobId, int Status, string? Error = null, string? Message = null, DateTimeOffset? LockExpiresAt = null);
