namespace Weft.Server.Hosting;

internal sealed record HealthResponse(string Status);
