namespace Weft.Engine.Instances;

/// <summary>A filtered, paged listing of instances (page numbers start at 0).</summary>
public sealed record InstanceQuery(
    string? DefinitionId = null,
    InstanceStatus? Status = null,
    string? BusinessKey = null,
    int Page = 0,
    int PageSize = Storage.Paging.DefaultPageSize);
