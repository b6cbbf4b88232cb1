namespace Weft.Engine.Timers;

public enum TimerStatus
{
    Scheduled,
    Fired,

    /// <summary>Its step ended first, or the instance ended: it never fires.</summary>
    Cancelled,
}
