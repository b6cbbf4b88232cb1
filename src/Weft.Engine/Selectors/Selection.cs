namespace Weft.Engine.Selectors;

/// <summary>What a selector resolved to: the instances (and their steps) it matched, and the reasons others did not.</summary>
public sealed record Selection(IReadOnlyList<SelectedInstance> Matched, IReadOnlyList<Unmatched> Unmatched);
