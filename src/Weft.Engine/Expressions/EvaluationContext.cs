using System.Text.Json.Nodes;

namespace Weft.Engine.Expressions;

/// <summary>The state of one evaluation: the variables, and how much new data it has built so far.</summary>
internal sealed class EvaluationContext(string text, JsonObject variables)
{
    private long _built;

    public string Text => text;

    public JsonObject Variables => variables;

    public ExpressionException Fail(int position, string reason) => new(text, position, reason, isParseError: false);

    /// <summary>Counts <paramref name="units"/> (characters, list elements, object entries) against <see cref="Expression.MaxBuildSize"/>.</summary>
    public void Charge(long units, int position)
    {
        _built += units;
        if (_built > Expression.MaxBuildSize)
        {
            throw Fail(position, $"it builds more than {Expression.MaxBuildSize:N0} characters and list elements in one evaluation, the limit; build smaller texts and lists");
        }
    }

    /// <summary>Charges the whole size of a value put into a new list or object; stops walking as soon as the limit is passed.</summary>
    public void ChargeDeep(object? value, int position)
    {
        switch (value)
        {
            case string s:
                Charge(1 + s.Length, position);
                break;
            case IReadOnlyList<object?> list:
                Charge(1, position);
                foreach (var item in list)
                {
                    ChargeDeep(item, position);
                }

                break;
            case IReadOnlyDictionary<string, object?> obj:
                Charge(1, position);
                foreach (var (key, item) in obj)
                {
                    Charge(key.Length, position);
                    ChargeDeep(item, position);
                }

                break;
            default:
                Charge(1, position);
                break;
        }
    }

    /// <summary>" ('customer.tier' is null or missing)" when a null came from reading a variable; otherwise nothing.</summary>
    public string NullHint(Node? node, object? value)
    {
        while (node is GroupNode group)
        {
            node = group.Inner;
        }

        return value is null && node is VariableNode or PathNode ? $" ('{Source(node)}' is null or missing)" : "";
    }

    public string Source(Node node) => ExpressionException.Quote(text[node.Start..node.End]);
}
