namespace Weft.Engine.Expressions;

internal sealed class ConstantNode(int start, int end, object? value) : Node(start, end)
{
    public object? Value => value;

    public override object? Evaluate(EvaluationContext context) => value;
}
