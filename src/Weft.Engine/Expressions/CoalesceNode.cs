namespace Weft.Engine.Expressions;

/// <summary><c>a ?? b ?? …</c>: the first operand that is not null, evaluating no further; the last one otherwise.</summary>
internal sealed class CoalesceNode(IReadOnlyList<Node> operands) : Node(operands[0].Start, operands[^1].End)
{
    public override object? Evaluate(EvaluationContext context)
    {
        for (var i = 0; i < operands.Count - 1; i++)
        {
            if (operands[i].Evaluate(context) is { } value)
            {
                return value;
            }
        }

        return operands[^1].Evaluate(context);
    }
}
