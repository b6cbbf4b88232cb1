namespace Weft.Engine.Expressions;

/// <summary>
/// <c>a &amp;&amp; b &amp;&amp; …</c> or <c>a || b || …</c>: every operand must be true or false (no truthiness), and
/// evaluation stops at the first operand that decides the result.
/// </summary>
internal sealed class LogicalNode(bool isAnd, IReadOnlyList<Node> operands, IReadOnlyList<Token> operators)
    : Node(operands[0].Start, operands[^1].End)
{
    public override object? Evaluate(EvaluationContext context)
    {
        for (var i = 0; i < operands.Count; i++)
        {
            var value = operands[i].Evaluate(context);
            if (value is not bool b)
            {
                var op = operators[i == 0 ? 0 : i - 1];
                var side = i == 0 ? "left" : "right";
                throw context.Fail(op.Position, $"'{op.Text}' needs true or false on both sides, but its {side} side is {Values.TypeName(value)}{context.NullHint(operands[i], value)}");
            }

            if (b != isAnd)
            {
                return b;
            }
        }

        return isAnd;
    }
}
