namespace Weft.Engine.Timers;

public enum TimerKind
{
    /// <summary>A TIMER step: the token goes on when it fires.</summary>
    Step,

    /// <summary>A boundary TIMER event of a waiting step.</summary>
    Boundary,
}
