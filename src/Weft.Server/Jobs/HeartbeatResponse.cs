namespace Weft.Server.Jobs;

internal sealed record HeartbeatResponse(DateTimeOffset LockExpiresAt);
