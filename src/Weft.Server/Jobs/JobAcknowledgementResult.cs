using System.Text.Json.Serialization;

namespace Weft.Server.Jobs;

/// <summary>
/// What happened to one entry of a batch: <paramref name="Status"/> is what the single-job route would have answered
/// (204, or 200 with <paramref name="LockExpiresAt"/> for a heartbeat; 404, 409… with the problem's <paramref name="Error"/>
/// code and <paramref name="Message"/>).
/// </summary>
internal sealed record JobAcknowledgementResult(
    string JobId,
    int Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? LockExpiresAt = null);
