namespace Weft.Engine;

/// <summary>
/// A request the engine refuses. <see cref="Kind"/> tells the caller which answer to give (REST maps it to a
/// status code); <see cref="Exception.Message"/> says what is wrong and how to fix it, in words a person can act on.
/// </summary>
public sealed class WeftException : Exception
{
    public WeftException(WeftErrorKind kind, string message, IReadOnlyList<string>? problems = null)
        : base(message)
    {
        Kind = kind;
        Problems = problems ?? [];
    }

    public WeftErrorKind Kind { get; }

    /// <summary>Every problem found, when there is more than one (definition validation lists them all).</summary>
    public IReadOnlyList<string> Problems { get; }

    public static WeftException NotFound(string message) => new(WeftErrorKind.NotFound, message);

    public static WeftException Conflict(string message) => new(WeftErrorKind.Conflict, message);

    public static WeftException Invalid(string message, IReadOnlyList<string>? problems = null) =>
        new(WeftErrorKind.Invalid, message, problems);

    public static WeftException TooLarge(string message) => new(WeftErrorKind.TooLarge, message);
}
