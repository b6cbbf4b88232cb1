namespace Weft.Server.Jobs;

internal sealed record FailJobRequest
{
    public string? WorkerId { get; set; }

    public string? ErrorMessage { get; set; }

    /// <summary>False fails the step at once, whatever retries remain. Defaults to true.</summary>
    public bool? Retryable { get; set; }
}
