namespace Weft.Worker.Tasks;

/// <summary>
/// A <see cref="WeftTaskAttribute">task method</see> that cannot be run as written (a bad name, an unsupported
/// parameter or return type, two tasks with one name...): thrown when tasks are looked up, before any job runs.
/// </summary>
public sealed class TaskDefinitionException : Exception
{
    public TaskDefinitionException(string message)
        : base(message)
    {
    }

    public TaskDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
