namespace Weft.Engine.Storage;

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);
