namespace Weft.Engine.Definitions;

/// <summary>Checks that several kinds of step share, each adding a problem in the validator's words.</summary>
internal static class DefinitionChecks
{
    /// <summary>The duration, or null when it is absent or has a problem (which is added).</summary>
    public static TimeSpan? Duration(string? text, string field, List<string> problems)
    {
        if (text is null)
        {
            return null;
        }

        if (IsoDuration.Check(text, out var duration) is { } problem)
        {
            problems.Add($"{field} '{Quote(text)}' {problem}.");
            return null;
        }

        return duration;
    }

    /// <summary>A value as it may be shown in a message: at most 64 characters.</summary>
    public static string Quote(string? text) => text is null ? "null" : text.Length <= 64 ? text : $"{text[..61]}...";
}
