namespace Weft.Worker.Client;

/// <summary>
/// What the server did with one entry of a batched report: <see cref="Status"/> is what the single-job route would
/// have answered (204; 200 with <see cref="LockExpiresAt"/> for a heartbeat; 404, 409… with <see cref="Error"/> and
/// <see cref="Message"/>).
/// </summary>
public sealed record JobReportResult(string JobId, int Status, string? Error = null, string? Message = null, DateTimeOffset? LockExpiresAt = null)
{
    public bool Succeeded => Status is >= 200 and < 300;

    /// <summary>Worth sending again: the server failed, not the report.</summary>
    public bool IsTransient => Status >= 500 || Status is 408 or 429;
}
