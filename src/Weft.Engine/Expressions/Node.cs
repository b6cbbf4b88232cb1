namespace Weft.Engine.Expressions;

/// <summary>
/// A node of a parsed expression. Nodes are immutable once parsed, so one tree may be evaluated by many threads at
/// once; all the state of an evaluation is in its <see cref="EvaluationContext"/>.
/// </summary>
internal abstract class Node(int start, int end)
{
    /// <summary>0-based index of the node's first character in the text.</summary>
    public int Start => start;

    /// <summary>0-based index just past the node's last character.</summary>
    public int End => end;

    public int Position => start + 1;

    public abstract object? Evaluate(EvaluationContext context);
}
