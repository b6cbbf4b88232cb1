namespace Weft.Engine.Expressions;

/// <summary><c>-x</c>, <c>+x</c> (numbers) and <c>!x</c>, <c>not x</c> (booleans).</summary>
internal sealed class UnaryNode(int start, string symbol, Node operand) : Node(start, operand.End)
{
    public override object? Evaluate(EvaluationContext context)
    {
        var value = operand.Evaluate(context);
        switch (symbol)
        {
            case "!" or "not":
                return value is bool b
                    ? !b
                    : throw context.Fail(Position, $"'{symbol}' needs true or false, not {Values.TypeName(value)}{context.NullHint(operand, value)}");
            case "-" when value is long l:
                return l == long.MinValue
                    ? throw context.Fail(Position, "the result of '-' is beyond the range of whole numbers (±9,223,372,036,854,775,807)")
                    : -l;
            case "-" when value is double d:
                return -d;
            case "+" when Values.IsNumber(value):
                return value;
            default:
                throw context.Fail(Position, $"'{symbol}' needs a number, not {Values.TypeName(value)}{context.NullHint(operand, value)}");
        }
    }
}
