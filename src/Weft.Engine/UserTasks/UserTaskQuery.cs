namespace Weft.Engine.UserTasks;

/// <summary>A filtered, paged listing of user tasks (page numbers start at 0); filters combine with AND.</summary>
public sealed record UserTaskQuery(
    string? InstanceId = null,
    string? Assignee = null,
    string? CandidateGroup = null,
    UserTaskStatus? Status = null,
    int Page = 0,
    int PageSize = Storage.Paging.DefaultPageSize);
