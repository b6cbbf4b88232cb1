namespace Weft.Server.Instances;

internal sealed record CancelInstanceRequest(string? Reason);
