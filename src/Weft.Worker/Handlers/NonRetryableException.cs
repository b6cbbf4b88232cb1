namespace Weft.Worker.Handlers;

/// <summary>
/// Thrown by a handler when trying again cannot help (bad input, a business rule): the job is failed with
/// <c>retryable = false</c>, so the step fails at once instead of using up its retries.
/// Any other exception fails the job as retryable.
/// </summary>
public sealed class NonRetryableException : Exception
{
    public NonRetryableException(string message)
        : base(message)
    {
    }

    public NonRetryableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
