namespace Weft.Engine.Jobs;

/// <summary>A filtered, paged listing of jobs, oldest first (page numbers start at 0).</summary>
public sealed record JobQuery(
    string? InstanceId = null,
    JobStatus? Status = null,
    string? JobType = null,
    int Page = 0,
    int PageSize = Storage.Paging.DefaultPageSize);
