namespace Weft.Bench.Suite;

/// <summary>The database every part of one run uses.</summary>
public enum StoreKind
{
    Sqlite,
    Postgres,
}
