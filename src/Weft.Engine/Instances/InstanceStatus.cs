namespace Weft.Engine.Instances;

public enum InstanceStatus
{
    /// <summary>Running: a step is in progress or about to be.</summary>
    Active,

    /// <summary>Parked on a user task, a wait or a timer.</summary>
    Waiting,

    Suspended,
    Completed,
    Failed,
    Cancelled,
}
