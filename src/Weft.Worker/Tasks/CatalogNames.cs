using System.Xml;

namespace Weft.Worker.Tasks;

/// <summary>The contract's rules for task names, namespaces and durations, checked before anything is sent.</summary>
internal static class CatalogNames
{
    public const string TaskNameRule = "1 to 256 characters, not blank, without white space at either end or control characters.";
    public const string NamespaceRule = "1 to 128 characters of A-Z a-z 0-9 . _ -";

    public static bool IsTaskName(string? name) =>
        name is { Length: > 0 and <= 256 }
        && !string.IsNullOrWhiteSpace(name)
        && !char.IsWhiteSpace(name[0]) && !char.IsWhiteSpace(name[^1])
        && !name.Any(char.IsControl);

    public static bool IsNamespace(string? name) =>
        name is { Length: > 0 and <= 128 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>A positive ISO-8601 duration (<c>PT5M</c>, <c>P1DT2H</c>).</summary>
    public static bool IsDuration(string text)
    {
        try
        {
            return XmlConvert.ToTimeSpan(text) > TimeSpan.Zero;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (OverflowException)
        {
            return false;
        }
    }
}
