namespace Weft.Engine.Expressions;

/// <summary>A variable by name; a missing variable reads as null. <c>$env</c> is the object of all the variables.</summary>
internal sealed class VariableNode(int start, int end, string name) : Node(start, end)
{
    public const string AllVariables = "$env";

    public override object? Evaluate(EvaluationContext context)
    {
        if (name == AllVariables)
        {
            return new JsonObjectView(context.Variables);
        }

        return context.Variables.TryGetPropertyValue(name, out var node) ? Values.FromJson(node) : null;
    }
}
