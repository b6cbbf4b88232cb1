using System.Data.Common;

namespace Weft.Storage.Rows;

/// <summary>What the stores' reads (<see cref="RowReads"/>) spell differently in SQLite and PostgreSQL.</summary>
internal sealed record ReadDialect
{
    /// <summary>The column that orders rows as they were inserted: <c>rowid</c>, <c>seq</c>.</summary>
    public required string Seq { get; init; }

    /// <summary>A LIKE that folds case: SQLite's <c>LIKE</c> (ASCII letters), PostgreSQL's <c>ILIKE</c>.</summary>
    public required string LikeAnyCase { get; init; }

    /// <summary>What to append to an ORDER BY of text for byte order, as SQLite's default collation sorts.</summary>
    public required string ByteOrder { get; init; }

    /// <summary>The condition that a user task's <c>candidate_groups</c> (a JSON array) holds <c>@candidateGroup</c>.</summary>
    public required string HasCandidateGroup { get; init; }

    /// <summary>The condition that column <c>{0}</c> matches the glob parameter <c>@glob</c> (<c>*</c>, <c>?</c>), case-sensitively.</summary>
    public required string MatchesGlob { get; init; }

    /// <summary>The value of <c>@glob</c> for a glob as users write it.</summary>
    public required Func<string, string> GlobParameter { get; init; }

    /// <summary>The condition that <c>name</c> is one of <c>@names</c>.</summary>
    public required string NameIsOneOf { get; init; }

    /// <summary>The value of <c>@names</c>.</summary>
    public required Func<IReadOnlyCollection<string>, object> NamesParameter { get; init; }

    /// <summary>A read-only transaction that sees one snapshot of every table it reads, and takes no write lock.</summary>
    public required Func<DbConnection, CancellationToken, Task<DbTransaction>> BeginSnapshotAsync { get; init; }
}
