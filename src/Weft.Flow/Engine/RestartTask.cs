namespace Weft.Flow;

/// <summary>Which task <c>Restart</c> continues with, relative to the current position (<c>CallbackPos</c>).</summary>
public enum RestartTask
{
    /// <summary>The task before the current one in its list.</summary>
    Prev,

    /// <summary>The current task (the one that halted or failed).</summary>
    Current,

    /// <summary>The task after the current one; past the end of a nested list this is the parent's next item.</summary>
    Next,

    /// <summary>The first task of the tree.</summary>
    First,
}
