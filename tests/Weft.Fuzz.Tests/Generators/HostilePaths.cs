using System.Globalization;
using System.Text;
using Weft.Fuzz.Tests.Support;

namespace Weft.Fuzz.Tests.Generators;

/// <summary>Ids as they appear in a URL path: percent-encoded NUL and traversal, unicode, bad escapes, very long, empty.</summary>
public static class HostilePaths
{
    /// <summary>(the segment exactly as sent, what it is).</summary>
    public static readonly IReadOnlyList<(string Segment, string Label)> Segments =
    [
        ("nope", "unknown id"),
        ("%00", "%00"),
        ("a%00b", "%00 inside"),
        ("..", ".."),
        ("../x", "../x"),
        ("%2e%2e", "%2e%2e"),
        ("%2e%2e%2fx", "%2e%2e%2f"),
        ("a%2Fb", "encoded slash %2F"),
        ("%ff", "%ff (not UTF-8)"),
        ("%C3%A9", "é percent-encoded"),
        ("%ED%A0%80", "encoded lone surrogate %ED%A0%80"),
        ("%F0%9F%98%80", "emoji percent-encoded"),
        ("%", "a lone %"),
        ("%zz", "bad escape %zz"),
        ("%20", "%20"),
        ("%20%20%20", "blank (%20%20%20)"),
        ("a;b=c", "matrix parameter"),
        ("%3F%23", "encoded ? and #"),
        ("", "empty"),
        ("é", "raw UTF-8 é"),
        (new string('a', 300), "300 chars"),
        (new string('a', 9_000), "9,000 chars (URL over 8 KB)"),
        (string.Concat(Enumerable.Repeat("%00", 3_000)), "9,000 chars of %00"),
        ("-1", "-1"),
        ("0", "0"),
        ("2147483648", "2^31"),
        ("99999999999999999999", "20 digits"),
        ("1.5", "1.5"),
        ("1e3", "1e3"),
    ];

    public static (string Segment, string Label) Any(FuzzRandom random) => random.PickFrom(Segments);

    /// <summary>Text percent-encoded as UTF-8, for a query value or a path segment (a lone surrogate becomes U+FFFD).</summary>
    public static string Encode(string value)
    {
        var text = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            text.Append(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~'
                ? ((char)b).ToString()
                : "%" + b.ToString("X2", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
