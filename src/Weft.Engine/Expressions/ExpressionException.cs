namespace Weft.Engine.Expressions;

/// <summary>
/// An expression that does not parse, or whose evaluation went wrong. The message names the expression, the
/// 1-based position of the problem and what to do, e.g. <c>Expression 'amount >> 5' has an error at position 9: unexpected '>'</c>.
/// </summary>
public sealed class ExpressionException : Exception
{
    /// <summary>Longest part of the expression quoted in a message.</summary>
    private const int QuoteLength = 200;

    internal ExpressionException(string text, int? position, string reason, bool isParseError)
        : base(Format(text, position, reason, isParseError))
    {
        ExpressionText = text;
        Position = position;
        Reason = reason;
        IsParseError = isParseError;
    }

    /// <summary>The whole text of the expression (or of the template) that failed.</summary>
    public string ExpressionText { get; }

    /// <summary>The character where the problem is, counted from 1 over the whole text; null when it is the expression as a whole.</summary>
    public int? Position { get; }

    /// <summary>What went wrong, without the expression and the position.</summary>
    public string Reason { get; }

    /// <summary>True when the text does not parse; false when a parsed expression failed on some variables.</summary>
    public bool IsParseError { get; }

    internal static string Quote(string text) =>
        text.Length <= QuoteLength ? text : $"{text[..(char.IsHighSurrogate(text[QuoteLength - 1]) ? QuoteLength - 1 : QuoteLength)]}…";

    private static string Format(string text, int? position, string reason, bool isParseError)
    {
        var where = position is { } p ? $" at position {p}" : "";
        return isParseError
            ? $"Expression '{Quote(text)}' has an error{where}: {reason}"
            : $"Expression '{Quote(text)}' failed{where}: {reason}";
    }
}
