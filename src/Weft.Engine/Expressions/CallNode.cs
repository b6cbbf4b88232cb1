using System.Text.RegularExpressions;

namespace Weft.Engine.Expressions;

/// <summary>A call of a built-in function; its arguments are evaluated first, left to right.</summary>
internal sealed class CallNode(int start, int end, string name, IReadOnlyList<Node> arguments, Regex? pattern) : Node(start, end)
{
    public string Name => name;

    public IReadOnlyList<Node> Arguments => arguments;

    /// <summary>The compiled pattern of <c>matches(s, 'literal')</c>.</summary>
    public Regex? Pattern => pattern;

    public override object? Evaluate(EvaluationContext context)
    {
        var values = new object?[arguments.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = arguments[i].Evaluate(context);
        }

        return Functions.Call(context, this, values);
    }
}
