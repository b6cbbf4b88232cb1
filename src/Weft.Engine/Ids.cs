namespace Weft.Engine;

/// <summary>Identifiers for instances, jobs and history rows: time-ordered UUIDs (v7), so new rows land at the end of indexes.</summary>
public static class Ids
{
    public static string New() => Guid.CreateVersion7().ToString();
}
