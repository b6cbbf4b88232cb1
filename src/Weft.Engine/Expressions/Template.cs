using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json.Nodes;

namespace Weft.Engine.Expressions;

/// <summary>
/// A string value that may hold expressions, as in a TRANSFORMATION: exactly <c>"${expr}"</c> gives the expression's
/// value (any JSON type); text with <c>${…}</c> among other characters gives a string, each <c>${…}</c> written as its
/// text (a string as itself, anything else as JSON); text without <c>${</c> is a literal string.
/// Immutable and safe to evaluate from many threads at once.
/// </summary>
public sealed class Template
{
    private const string Opening = "${";

    /// <summary>Literal texts (<see cref="string"/>) and expressions (<see cref="Node"/>), in order.</summary>
    private readonly IReadOnlyList<object> _parts;

    private Template(string text, IReadOnlyList<object> parts)
    {
        Text = text;
        _parts = parts;
    }

    public string Text { get; }

    /// <summary>True when the text holds no <c>${</c>: it evaluates to itself.</summary>
    public bool IsLiteral => _parts is [] or [string];

    /// <summary>Parses <paramref name="text"/>, or throws an <see cref="ExpressionException"/> naming the position of the problem.</summary>
    public static Template Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var open = text.IndexOf(Opening, StringComparison.Ordinal);
        if (open < 0)
        {
            return new Template(text, text.Length == 0 ? [] : [text]);
        }

        if (text.Length > Expression.MaxLength)
        {
            throw new ExpressionException(text, Expression.MaxLength + 1, $"it is {text.Length:N0} characters long; a text with '${{' may have at most {Expression.MaxLength:N0}", isParseError: true);
        }

        var parts = new List<object>();
        var done = 0;
        while (open >= 0)
        {
            if (open > done)
            {
                parts.Add(text[done..open]);
            }

            (var node, done) = Parser.ParseHole(text, open);
            parts.Add(node);
            open = text.IndexOf(Opening, done, StringComparison.Ordinal);
        }

        if (done < text.Length)
        {
            parts.Add(text[done..]);
        }

        return new Template(text, parts);
    }

    /// <summary>Parses <paramref name="text"/>; never throws for bad input: <paramref name="error"/> then says what is wrong and where.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Template? template, [NotNullWhen(false)] out string? error)
    {
        try
        {
            template = Parse(text ?? "");
            error = null;
            return true;
        }
        catch (ExpressionException ex)
        {
            template = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>The value: the text itself, the value of its only expression, or the text with each expression written in.</summary>
    public JsonNode? Evaluate(JsonObject variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var context = new EvaluationContext(Text, variables);
        switch (_parts)
        {
            case []:
                return JsonValue.Create("");
            case [string literal]:
                return JsonValue.Create(literal);
            case [Node only]:
                return Values.ToJson(only.Evaluate(context));
        }

        var result = new StringBuilder();
        foreach (var part in _parts)
        {
            var piece = part as string ?? Values.Render(((Node)part).Evaluate(context));
            context.Charge(piece.Length, part is Node node ? node.Position : 1);
            result.Append(piece);
        }

        return JsonValue.Create(result.ToString());
    }

    public override string ToString() => Text;
}
