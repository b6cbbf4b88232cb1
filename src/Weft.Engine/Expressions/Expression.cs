using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Weft.Engine.Expressions;

/// <summary>
/// A parsed workflow expression (see docs/expressions.md), such as <c>amount > 1000 &amp;&amp; customer.tier == 'gold'</c>.
/// Parse once, evaluate many times: an <see cref="Expression"/> is immutable and may be evaluated by many threads at
/// once. Evaluation reads the variables and never changes them.
/// </summary>
public sealed class Expression
{
    /// <summary>Longest expression text accepted, in characters.</summary>
    public const int MaxLength = 4096;

    /// <summary>Deepest nesting of brackets, unary operators and <c>?:</c> accepted.</summary>
    public const int MaxDepth = 64;

    /// <summary>Most new data one evaluation may build: characters of texts plus elements of lists and entries of objects.</summary>
    public const int MaxBuildSize = 1024 * 1024;

    /// <summary>How long <c>matches</c> may work on one text before it is stopped.</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    internal const RegexOptions PatternOptions = RegexOptions.CultureInvariant;

    private readonly Node _root;

    private Expression(string text, Node root)
    {
        Text = text;
        _root = root;
    }

    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>, or throws an <see cref="ExpressionException"/> naming the position of the problem.</summary>
    public static Expression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Expression(text, Parser.ParseExpression(text));
    }

    /// <summary>Parses <paramref name="text"/>; never throws for bad input: <paramref name="error"/> then says what is wrong and where.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Expression? expression, [NotNullWhen(false)] out string? error)
    {
        try
        {
            expression = Parse(text ?? "");
            error = null;
            return true;
        }
        catch (ExpressionException ex)
        {
            expression = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>The value of the expression (any JSON value; null for JSON null), a new node the caller may keep or change.</summary>
    public JsonNode? Evaluate(JsonObject variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return Values.ToJson(_root.Evaluate(new EvaluationContext(Text, variables)));
    }

    /// <summary>The value of a condition; anything but true or false is an <see cref="ExpressionException"/>.</summary>
    public bool EvaluateCondition(JsonObject variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var context = new EvaluationContext(Text, variables);
        var value = _root.Evaluate(context);
        if (value is bool result)
        {
            return result;
        }

        var shown = value is null ? "" : $" ({ExpressionException.Quote(Values.Render(value))})";
        var advice = value is null ? "; compare it, as in 'approved == true', to treat a missing value as false" : "; compare it, as in 'amount > 0'";
        throw new ExpressionException(
            Text, null, $"a condition must give true or false, but this one gave {Values.TypeName(value)}{shown}{context.NullHint(_root, value)}{advice}", isParseError: false);
    }

    public override string ToString() => Text;
}
