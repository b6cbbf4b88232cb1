namespace Weft.Worker.Client;

/// <summary>One page of a list answer: <c>{"items", "page", "pageSize", "total"}</c>; pages count from 0.</summary>
public sealed record PagedResult<T>
{
    public IReadOnlyList<T> Items { get; init; } = [];

    public int Page { get; init; }

    public int PageSize { get; init; }

    public long Total { get; init; }
}
