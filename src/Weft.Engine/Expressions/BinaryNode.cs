namespace Weft.Engine.Expressions;

/// <summary>
/// Left-associative operators of one precedence level, <c>a + b - c</c>, evaluated left to right in a loop: a long
/// chain such as <c>x == 1 || x == 2 || …</c> does not nest the tree, so it cannot deepen the stack.
/// </summary>
internal sealed class BinaryNode(Node first, IReadOnlyList<BinaryStep> steps) : Node(first.Start, steps[^1].Right.End)
{
    public override object? Evaluate(EvaluationContext context)
    {
        var left = first.Evaluate(context);
        Node? leftNode = first;
        foreach (var step in steps)
        {
            var right = step.Right.Evaluate(context);
            left = Operators.Apply(context, step, left, leftNode, right);
            leftNode = null;
        }

        return left;
    }
}
