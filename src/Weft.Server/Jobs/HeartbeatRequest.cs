namespace Weft.Server.Jobs;

internal sealed record HeartbeatRequest
{
    public string? WorkerId { get; set; }
}
