namespace Weft.Engine.Instances;

public enum StepExecutionStatus
{
    Running,
    Completed,
    Failed,
    Skipped,
    Cancelled,
}
