namespace Weft.Engine.Expressions;

/// <summary><c>[a, b, …]</c> with at least one element that is not a literal (a list of literals is parsed into a constant).</summary>
internal sealed class ListNode(int start, int end, IReadOnlyList<Node> items) : Node(start, end)
{
    public override object? Evaluate(EvaluationContext context)
    {
        var values = new object?[items.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = items[i].Evaluate(context);
            context.ChargeDeep(values[i], Position);
        }

        return values;
    }
}
