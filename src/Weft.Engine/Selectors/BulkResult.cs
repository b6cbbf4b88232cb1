namespace Weft.Engine.Selectors;

/// <summary>The answer of a bulk command: what it changed, and what it did not (with the reason).</summary>
public sealed record BulkResult(IReadOnlyList<BulkItem> Matched, IReadOnlyList<Unmatched> Unmatched);
