namespace Weft.Worker.Tasks;

/// <summary>
/// A task method threw: the job fails retryably with the exception's type and message (the inner exception), so that
/// the step's error says what happened, e.g. <c>DivideByZeroException: Attempted to divide by zero.</c>
/// </summary>
public sealed class TaskFailedException : Exception
{
    public TaskFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
