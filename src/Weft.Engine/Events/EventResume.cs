namespace Weft.Engine.Events;

/// <summary>What a reader that saw events up to a seq can do (<see cref="EventService.CheckResumeAsync"/>).</summary>
public enum EventResume
{
    /// <summary>Every event after it is still kept: read on from there.</summary>
    Continue,

    /// <summary>Retention deleted events after it: start again from a snapshot.</summary>
    WindowMissed,

    /// <summary>No such event was ever stored: the id did not come from this database.</summary>
    BeyondHighWater,
}
