namespace Weft.Engine.Expressions;

/// <summary><c>( … )</c> or <c>${ … }</c>: the value of what is inside; kept as a node so that messages can quote the brackets.</summary>
internal sealed class GroupNode(int start, int end, Node inner) : Node(start, end)
{
    public Node Inner => inner;

    public override object? Evaluate(EvaluationContext context) => inner.Evaluate(context);
}
