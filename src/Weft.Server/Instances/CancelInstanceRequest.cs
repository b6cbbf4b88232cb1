namespace Weft.Server.Instances;

internal sealed record CancelInstanceRequest
{
    public string? Reason { get; set; }
}
