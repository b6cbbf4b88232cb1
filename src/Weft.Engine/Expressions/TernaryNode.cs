namespace Weft.Engine.Expressions;

/// <summary><c>c ? a : b</c>: the condition must be true or false; only the chosen branch is evaluated.</summary>
internal sealed class TernaryNode(Node condition, int questionPosition, Node whenTrue, Node whenFalse)
    : Node(condition.Start, whenFalse.End)
{
    public override object? Evaluate(EvaluationContext context)
    {
        var value = condition.Evaluate(context);
        return value is bool b
            ? (b ? whenTrue : whenFalse).Evaluate(context)
            : throw context.Fail(questionPosition, $"the condition before '?' must be true or false, not {Values.TypeName(value)}{context.NullHint(condition, value)}");
    }
}
