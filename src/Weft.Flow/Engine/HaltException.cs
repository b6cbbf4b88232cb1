namespace Weft.Flow;

/// <summary>
/// Thrown by <c>Process</c>/<c>Restart</c> when a task called <c>engine.Halt(...)</c> (and <c>stopOnHalt</c> is true).
/// The engine keeps its state: inspect it, change tasks or tokens, and <c>Restart</c>.
/// </summary>
public sealed class HaltException : Exception
{
    /// <summary>A halt with a message, an optional action name and an optional payload.</summary>
    public HaltException(string message, string? action = null, object? payload = null)
        : base(message)
    {
        Action = action;
        Payload = payload;
    }

    /// <summary>The name of an action someone should take to let the flow continue (the original's <c>action</c>).</summary>
    public string? Action { get; }

    /// <summary>Data for whoever handles the halt.</summary>
    public object? Payload { get; }
}
