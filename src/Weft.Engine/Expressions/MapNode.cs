namespace Weft.Engine.Expressions;

/// <summary><c>{name: value, 'key': value, …}</c> with at least one value that is not a literal.</summary>
internal sealed class MapNode(int start, int end, IReadOnlyList<KeyValuePair<string, Node>> entries) : Node(start, end)
{
    public override object? Evaluate(EvaluationContext context)
    {
        var map = new OrderedDictionary<string, object?>(entries.Count, StringComparer.Ordinal);
        foreach (var (key, node) in entries)
        {
            var value = node.Evaluate(context);
            context.Charge(key.Length, Position);
            context.ChargeDeep(value, Position);
            map.Add(key, value);
        }

        return map;
    }
}
