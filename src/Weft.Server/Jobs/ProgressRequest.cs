namespace Weft.Server.Jobs;

internal sealed record ProgressRequest
{
    public string? WorkerId { get; set; }

    /// <summary>How far the job is, from 0 to 100.</summary>
    public double? Percent { get; set; }

    /// <summary>What the worker is doing, optional; cut at 4,096 characters.</summary>
    public string? Message { get; set; }
}
