namespace Weft.Engine;

public enum WeftErrorKind
{
    /// <summary>The request is malformed or breaks a rule (400).</summary>
    Invalid,

    /// <summary>The thing addressed does not exist (404).</summary>
    NotFound,

    /// <summary>The request contradicts the current state, e.g. completing a job whose lease was lost (409).</summary>
    Conflict,

    /// <summary>A payload exceeds a configured limit (413).</summary>
    TooLarge,
}
