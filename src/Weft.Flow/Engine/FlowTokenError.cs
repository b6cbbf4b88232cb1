namespace Weft.Flow;

/// <summary>An error recorded while processing with <c>stopOnError: false</c> (or by a detached parallel branch).</summary>
public sealed record FlowTokenError(int TokenPos, Exception Error);
