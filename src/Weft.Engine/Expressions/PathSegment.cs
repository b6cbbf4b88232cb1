namespace Weft.Engine.Expressions;

/// <summary>One step of a path: <c>.name</c> (<see cref="Name"/>) or <c>[index]</c> (<see cref="Index"/>), at the 0-based <see cref="Start"/> of its '.' or '['.</summary>
internal sealed record PathSegment(int Start, string? Name, Node? Index);
