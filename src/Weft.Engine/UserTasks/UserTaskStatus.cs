namespace Weft.Engine.UserTasks;

public enum UserTaskStatus
{
    Open,
    Completed,
    Cancelled,
}
