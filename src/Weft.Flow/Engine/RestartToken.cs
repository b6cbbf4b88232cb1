namespace Weft.Flow;

/// <summary>Which token <c>Restart</c> continues with, relative to the current one.</summary>
public enum RestartToken
{
    /// <summary>The token before the current one.</summary>
    Prev,

    /// <summary>The current token.</summary>
    Current,

    /// <summary>The token after the current one.</summary>
    Next,

    /// <summary>The first token.</summary>
    First,
}
