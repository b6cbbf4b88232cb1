using System.Globalization;

namespace Weft.Engine.Expressions;

/// <summary>The built-in functions. Nothing else can be called: a call names one of these, checked when parsing.</summary>
internal static class Functions
{
    private static readonly Dictionary<string, (int Min, int Max)> Arities = new(StringComparer.Ordinal)
    {
        ["abs"] = (1, 1),
        ["contains"] = (2, 2),
        ["endsWith"] = (2, 2),
        ["float"] = (1, 1),
        ["int"] = (1, 1),
        ["len"] = (1, 1),
        ["lower"] = (1, 1),
        ["matches"] = (2, 2),
        ["max"] = (1, int.MaxValue),
        ["min"] = (1, int.MaxValue),
        ["startsWith"] = (2, 2),
        ["string"] = (1, 1),
        ["trim"] = (1, 1),
        ["upper"] = (1, 1),
    };

    public static string Names => string.Join(", ", Arities.Keys.Order(StringComparer.Ordinal));

    public static bool TryGetArity(string name, out int min, out int max)
    {
        var found = Arities.TryGetValue(name, out var arity);
        (min, max) = arity;
        return found;
    }

    public static object? Call(EvaluationContext context, CallNode call, object?[] args)
    {
        var position = call.Position;
        var who = $"{call.Name}()";
        var nodes = call.Arguments;
        switch (call.Name)
        {
            case "contains":
                return Operators.Membership(context, position, who, "as its first argument", args[0], nodes[0], args[1]);
            case "startsWith" or "endsWith":
                return Operators.Affix(context, position, who, call.Name == "startsWith", args[0], nodes[0], args[1], nodes[1]);
            case "matches":
                return Operators.Matches(context, position, who, args[0], nodes[0], args[1], nodes[1], call.Pattern);
            case "len":
                return args[0] switch
                {
                    string s => (long)Values.TextLength(s),
                    IReadOnlyList<object?> list => (long)list.Count,
                    IReadOnlyDictionary<string, object?> obj => (long)obj.Count,
                    var other => throw context.Fail(position, $"len() needs a string, a list or an object, not {Values.TypeName(other)}{context.NullHint(nodes[0], other)}"),
                };
            case "upper" or "lower" or "trim":
                if (args[0] is not string text)
                {
                    throw context.Fail(position, $"{who} needs a string, not {Values.TypeName(args[0])}{context.NullHint(nodes[0], args[0])}");
                }

                var changed = call.Name switch
                {
                    "upper" => text.ToUpperInvariant(),
                    "lower" => text.ToLowerInvariant(),
                    _ => text.Trim(),
                };
                context.Charge(changed.Length, position);
                return changed;
            case "abs":
                return args[0] switch
                {
                    long.MinValue => throw context.Fail(position, "the result of abs() is beyond the range of whole numbers (±9,223,372,036,854,775,807)"),
                    long l => (object)Math.Abs(l), // (object): a long must stay a long
                    double d => Math.Abs(d),
                    var other => throw context.Fail(position, $"abs() needs a number, not {Values.TypeName(other)}{context.NullHint(nodes[0], other)}"),
                };
            case "min" or "max":
                return Extreme(context, call, args);
            case "int":
                return ToInt(context, call, args[0]);
            case "float":
                return ToFloat(context, call, args[0]);
            default: // "string"
                var rendered = Values.Render(args[0]);
                context.Charge(rendered.Length, position);
                return rendered;
        }
    }

    private static object Extreme(EvaluationContext context, CallNode call, object?[] args)
    {
        var who = $"{call.Name}()";
        IReadOnlyList<object?> candidates = args is [IReadOnlyList<object?> list] ? list : args;
        if (candidates.Count == 0)
        {
            throw context.Fail(call.Position, $"{who} of an empty list has no value; check len(x) > 0 first");
        }

        object? best = null;
        for (var i = 0; i < candidates.Count; i++)
        {
            var value = candidates[i];
            if (!Values.IsNumber(value))
            {
                var node = ReferenceEquals(candidates, args) ? call.Arguments[i] : null;
                throw context.Fail(call.Position, $"{who} needs numbers, not {Values.TypeName(value)}{context.NullHint(node, value)}");
            }

            var order = best is null ? 0 : Values.CompareNumbers(value!, best);
            if (best is null || (call.Name == "min" ? order < 0 : order > 0))
            {
                best = value;
            }
        }

        return best!;
    }

    private static long ToInt(EvaluationContext context, CallNode call, object? value)
    {
        switch (value)
        {
            case long l:
                return l;
            case double d:
                return Truncate(context, call, d, Values.Render(d));
            case string s when long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole):
                return whole;
            case string s when double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d):
                return Truncate(context, call, d, $"'{s}'");
            case string s:
                throw context.Fail(call.Position, $"int() cannot read '{ExpressionException.Quote(s)}' as a number");
            default:
                throw context.Fail(call.Position, $"int() needs a number or a string, not {Values.TypeName(value)}{context.NullHint(call.Arguments[0], value)}");
        }
    }

    private static long Truncate(EvaluationContext context, CallNode call, double value, string shown)
    {
        var whole = Math.Truncate(value);
        return whole is >= -9223372036854775808.0 and < 9223372036854775808.0
            ? (long)whole
            : throw context.Fail(call.Position, $"int() cannot hold {shown}: it is beyond the range of whole numbers (±9,223,372,036,854,775,807)");
    }

    private static double ToFloat(EvaluationContext context, CallNode call, object? value) => value switch
    {
        long l => l,
        double d => d,
        string s when double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => d,
        string s => throw context.Fail(call.Position, $"float() cannot read '{ExpressionException.Quote(s)}' as a number"),
        _ => throw context.Fail(call.Position, $"float() needs a number or a string, not {Values.TypeName(value)}{context.NullHint(call.Arguments[0], value)}"),
    };
}
