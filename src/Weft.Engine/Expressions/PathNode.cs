namespace Weft.Engine.Expressions;

/// <summary>
/// Member and index access, <c>a.b[0]['c']</c>, read left to right in a loop (a long path does not nest the tree).
/// Reading from null gives null, so <c>customer.tier</c> is null when <c>customer</c> is missing.
/// </summary>
internal sealed class PathNode(int end, Node root, IReadOnlyList<PathSegment> segments) : Node(root.Start, end)
{
    public override object? Evaluate(EvaluationContext context)
    {
        var value = root.Evaluate(context);
        foreach (var segment in segments)
        {
            if (value is null)
            {
                return null;
            }

            value = segment.Name is { } name ? Member(context, segment, value, name) : Index(context, segment, value);
        }

        return value;
    }

    private object? Member(EvaluationContext context, PathSegment segment, object value, string name)
    {
        if (value is IReadOnlyDictionary<string, object?> obj)
        {
            return obj.TryGetValue(name, out var member) ? member : null;
        }

        throw context.Fail(segment.Start + 1, $"cannot read '.{name}': '{Holder(context, segment)}' is {Values.TypeName(value)}, and only objects have members");
    }

    private object? Index(EvaluationContext context, PathSegment segment, object value)
    {
        var index = segment.Index!.Evaluate(context);
        switch (value)
        {
            case IReadOnlyList<object?> list:
                if (!TryWholeNumber(index, out var i))
                {
                    var shown = index is double d ? Values.Render(d) : Values.TypeName(index);
                    throw context.Fail(segment.Start + 1, $"a list index must be a whole number, not {shown}{context.NullHint(segment.Index, index)}");
                }

                if (i < 0)
                {
                    i += list.Count; // -1 is the last element
                }

                return i >= 0 && i < list.Count ? list[(int)i] : null;
            case IReadOnlyDictionary<string, object?> obj:
                if (index is not string key)
                {
                    throw context.Fail(segment.Start + 1, $"an object's key must be a string, not {Values.TypeName(index)}{context.NullHint(segment.Index, index)}");
                }

                return obj.TryGetValue(key, out var member) ? member : null;
            default:
                throw context.Fail(segment.Start + 1, $"cannot use '[…]' on '{Holder(context, segment)}': it is {Values.TypeName(value)}, and only lists and objects can be indexed");
        }
    }

    private static bool TryWholeNumber(object? value, out long whole)
    {
        switch (value)
        {
            case long l:
                whole = l;
                return true;
            case double d when d == Math.Floor(d) && Math.Abs(d) < 1e15:
                whole = (long)d;
                return true;
            default:
                whole = 0;
                return false;
        }
    }

    private string Holder(EvaluationContext context, PathSegment segment) =>
        ExpressionException.Quote(context.Text[root.Start..segment.Start].TrimEnd());
}
