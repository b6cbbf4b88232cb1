namespace Weft.Server.Jobs;

/// <param name="Retryable">False fails the step at once, whatever retries remain. Defaults to true.</param>
internal sealed record FailJobRequest(string? WorkerId, string? ErrorMessage, bool? Retryable);
