namespace Weft.Engine.Definitions;

/// <summary>A step's retry backoff as written in a definition: ISO-8601 durations and plain numbers.</summary>
public sealed record RetryBackoff
{
    public string? Initial { get; init; }

    public double? Factor { get; init; }

    public string? Max { get; init; }

    public double? Jitter { get; init; }
}
