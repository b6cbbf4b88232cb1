namespace Weft.Engine.Tokens;

public enum TokenStatus
{
    /// <summary>At a step that works on its own or through a worker (a job).</summary>
    Active,

    /// <summary>Parked: on a user task, a signal, a timer or a sub-workflow.</summary>
    Waiting,

    /// <summary>At a parallel gateway, waiting for its branches to reach the join.</summary>
    Forked,

    /// <summary>A branch at its join, waiting for the other branches of the same gateway activation.</summary>
    Arrived,

    /// <summary>Its step failed, and with it the instance. A retry of the instance starts it again.</summary>
    Failed,

    Completed,
    Cancelled,
}
