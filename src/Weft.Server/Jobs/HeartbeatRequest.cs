namespace Weft.Server.Jobs;

internal sealed record HeartbeatRequest(string? WorkerId);
