using System.Text.RegularExpressions;

namespace Weft.Engine.Expressions;

/// <summary>What each binary operator does; the functions that do the same test (contains, startsWith, …) share it.</summary>
internal static class Operators
{
    public static object? Apply(EvaluationContext context, BinaryStep step, object? left, Node? leftNode, object? right)
    {
        var result = step.Operator switch
        {
            BinaryOperator.Equal => Values.Equal(left, right),
            BinaryOperator.NotEqual => !Values.Equal(left, right),
            BinaryOperator.Less => Compare(context, step, left, leftNode, right) < 0,
            BinaryOperator.LessOrEqual => Compare(context, step, left, leftNode, right) <= 0,
            BinaryOperator.Greater => Compare(context, step, left, leftNode, right) > 0,
            BinaryOperator.GreaterOrEqual => Compare(context, step, left, leftNode, right) >= 0,
            BinaryOperator.In => Membership(context, step.Position, $"'{step.Symbol}'", "on its right", right, step.Right, left),
            BinaryOperator.Contains => Membership(context, step.Position, $"'{step.Symbol}'", "on its left", left, leftNode, right),
            BinaryOperator.StartsWith or BinaryOperator.EndsWith => Affix(
                context, step.Position, $"'{step.Symbol}'", step.Operator == BinaryOperator.StartsWith, left, leftNode, right, step.Right),
            BinaryOperator.Matches => Matches(context, step.Position, $"'{step.Symbol}'", left, leftNode, right, step.Right, step.Pattern),
            _ => Arithmetic(context, step, left, leftNode, right),
        };

        return step.Negated ? !(bool)result : result;
    }

    public static bool Membership(
        EvaluationContext context, int position, string who, string side, object? container, Node? containerNode, object? element)
    {
        switch (container)
        {
            case string text:
                if (element is not string part)
                {
                    throw context.Fail(position, $"{who} can only look for a string in a string, not for {Values.TypeName(element)}");
                }

                return text.Contains(part, StringComparison.Ordinal);
            case IReadOnlyList<object?> list:
                foreach (var item in list)
                {
                    if (Values.Equal(item, element))
                    {
                        return true;
                    }
                }

                return false;
            case IReadOnlyDictionary<string, object?> obj:
                if (element is not string key)
                {
                    throw context.Fail(position, $"{who} can only look for a string key in an object, not for {Values.TypeName(element)}");
                }

                return obj.ContainsKey(key);
            default:
                throw context.Fail(position, $"{who} needs a list, an object or a string {side}, not {Values.TypeName(container)}{context.NullHint(containerNode, container)}");
        }
    }

    public static bool Affix(
        EvaluationContext context, int position, string who, bool atStart, object? text, Node? textNode, object? affix, Node? affixNode)
    {
        if (text is not string s || affix is not string a)
        {
            throw context.Fail(position, $"{who} needs two strings, not {Values.TypeName(text)} and {Values.TypeName(affix)}{Hints(context, text, textNode, affix, affixNode)}");
        }

        return atStart ? s.StartsWith(a, StringComparison.Ordinal) : s.EndsWith(a, StringComparison.Ordinal);
    }

    public static bool Matches(
        EvaluationContext context, int position, string who, object? text, Node? textNode, object? pattern, Node? patternNode, Regex? compiled)
    {
        if (text is not string s || pattern is not string p)
        {
            throw context.Fail(position, $"{who} needs a string and a pattern (a string), not {Values.TypeName(text)} and {Values.TypeName(pattern)}{Hints(context, text, textNode, pattern, patternNode)}");
        }

        try
        {
            return compiled?.IsMatch(s) ?? Regex.IsMatch(s, p, Expression.PatternOptions, Expression.RegexTimeout);
        }
        catch (RegexMatchTimeoutException)
        {
            throw context.Fail(position, $"the pattern '{ExpressionException.Quote(p)}' took longer than {Expression.RegexTimeout.TotalMilliseconds:N0} ms on a text of {s.Length:N0} characters and was stopped; simplify it (nested repetition such as (a+)+ is the usual cause)");
        }
        catch (ArgumentException ex)
        {
            throw context.Fail(position, $"the pattern '{ExpressionException.Quote(p)}' is not a valid regular expression: {ex.Message}");
        }
    }

    public static string Hints(EvaluationContext context, object? left, Node? leftNode, object? right, Node? rightNode)
    {
        var first = context.NullHint(leftNode, left);
        var second = context.NullHint(rightNode, right);
        return first.Length > 0 && second.Length > 0 ? $"{first[..^1]}; {second[2..]}" : first + second;
    }

    private static int Compare(EvaluationContext context, BinaryStep step, object? left, Node? leftNode, object? right)
    {
        if (Values.IsNumber(left) && Values.IsNumber(right))
        {
            return Values.CompareNumbers(left!, right!);
        }

        if (left is string a && right is string b)
        {
            return string.CompareOrdinal(a, b);
        }

        var advice = (left, right) is (string, long or double) or (long or double, string)
            ? "; turn the string into a number with int(x) or float(x)"
            : "";
        throw context.Fail(step.Position, $"cannot compare {Values.TypeName(left)} with {Values.TypeName(right)} using '{step.Symbol}'{Hints(context, left, leftNode, right, step.Right)}{advice}");
    }

    private static object Arithmetic(EvaluationContext context, BinaryStep step, object? left, Node? leftNode, object? right)
    {
        if (step.Operator == BinaryOperator.Add)
        {
            if (left is string x && right is string y)
            {
                context.Charge(x.Length + y.Length, step.Position);
                return x + y;
            }

            if (left is IReadOnlyList<object?> first && right is IReadOnlyList<object?> second)
            {
                context.ChargeDeep(first, step.Position);
                context.ChargeDeep(second, step.Position);
                return (object?[])[.. first, .. second];
            }
        }

        if (!Values.IsNumber(left) || !Values.IsNumber(right))
        {
            var hints = Hints(context, left, leftNode, right, step.Right);
            if (step.Operator != BinaryOperator.Add)
            {
                throw context.Fail(step.Position, $"'{step.Symbol}' needs two numbers, not {Values.TypeName(left)} and {Values.TypeName(right)}{hints}");
            }

            var advice = left is string || right is string ? "; write string(x) to turn a value into text" : "";
            throw context.Fail(step.Position, $"'+' cannot add {Values.TypeName(left)} and {Values.TypeName(right)}{hints}; it adds two numbers, or joins two strings or two lists{advice}");
        }

        if (step.Operator is BinaryOperator.Divide or BinaryOperator.Modulo && Values.ToDouble(right!) == 0)
        {
            var what = step.Operator == BinaryOperator.Divide ? "division by zero" : "modulo by zero";
            throw context.Fail(step.Position, step.Right is ConstantNode ? what : $"{what} ('{context.Source(step.Right)}' is 0)");
        }

        if (left is long a && right is long b && step.Operator != BinaryOperator.Divide)
        {
            try
            {
                return step.Operator switch
                {
                    BinaryOperator.Add => checked(a + b),
                    BinaryOperator.Subtract => checked(a - b),
                    BinaryOperator.Multiply => checked(a * b),
                    _ => b == -1 ? 0L : a % b, // long.MinValue % -1 would throw
                };
            }
            catch (OverflowException)
            {
                throw context.Fail(step.Position, $"the result of '{step.Symbol}' is beyond the range of whole numbers (±9,223,372,036,854,775,807); put a float such as 1.0 into the calculation to compute with floats");
            }
        }

        var (p, q) = (Values.ToDouble(left!), Values.ToDouble(right!));
        var result = step.Operator switch
        {
            BinaryOperator.Add => p + q,
            BinaryOperator.Subtract => p - q,
            BinaryOperator.Multiply => p * q,
            BinaryOperator.Divide => p / q,
            _ => p % q,
        };

        return double.IsFinite(result) ? result : throw context.Fail(step.Position, $"the result of '{step.Symbol}' is too large for a number");
    }
}
