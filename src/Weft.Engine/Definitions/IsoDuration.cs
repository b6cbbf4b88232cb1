using System.Xml;

namespace Weft.Engine.Definitions;

/// <summary>ISO-8601 durations such as <c>PT30S</c>, <c>PT1H30M</c> or <c>P7D</c>, from zero up to <see cref="Max"/>.</summary>
public static class IsoDuration
{
    /// <summary>
    /// The longest duration Weft takes anywhere: 100 years. Longer than any real wait, and small enough that adding it
    /// (even twice, with jitter) to any date Weft handles cannot overflow.
    /// </summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(36525);

    public static bool TryParse(string? text, out TimeSpan duration) => Check(text, out duration) is null;

    /// <summary>Null when <paramref name="text"/> is a duration from zero to <see cref="Max"/>; otherwise what is wrong with it.</summary>
    public static string? Check(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text) || (text[0] != 'P' && text[0] != '-'))
        {
            return "is not an ISO-8601 duration such as PT30S, PT5M or P7D";
        }

        try
        {
            duration = XmlConvert.ToTimeSpan(text);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            // XmlConvert says FormatException for a number too large to read as well.
            return "is not an ISO-8601 duration such as PT30S, PT5M or P7D (or a number in it is too large)";
        }

        if (duration < TimeSpan.Zero)
        {
            duration = default;
            return "is negative; durations are zero or more";
        }

        if (duration > Max)
        {
            duration = default;
            return "is longer than 100 years, the longest duration Weft takes";
        }

        return null;
    }
}
