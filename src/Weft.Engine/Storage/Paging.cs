namespace Weft.Engine.Storage;

public static class Paging
{
    /// <summary>The page size of a listing that names none, for REST and commands alike.</summary>
    public const int DefaultPageSize = 20;

    public const int MaxPageSize = 500;

    public static void Validate(int page, int pageSize)
    {
        if (page < 0)
        {
            throw WeftException.Invalid($"page is {page}; pages are numbered from 0.");
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            throw WeftException.Invalid($"pageSize is {pageSize}; it must be between 1 and {MaxPageSize}.");
        }
    }
}
