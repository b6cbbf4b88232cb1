using System.Text;
using Weft.Fuzz.Tests.Support;

namespace Weft.Fuzz.Tests.Generators;

/// <summary>Whole request bodies gone wrong: truncated, not JSON, not an object, two documents, JSON extensions.</summary>
public static class BodyMutations
{
    private const string Malformed = "docs/api.md: malformed JSON is a 400";

    /// <param name="valid">A valid body for the route, to break.</param>
    /// <param name="required">Whether the route needs a body (cancel's is optional).</param>
    public static (byte[] Body, string Label, string? MustFail) Whole(FuzzRandom random, string valid, bool required)
    {
        var (text, label, mustFail) = random.Between(0, 15) switch
        {
            0 or 1 => Truncated(random, valid),
            2 => ("", "empty body", required ? "docs/api.md: this route needs a JSON body" : null),
            3 => ("null", "the body is null", required ? "docs/api.md: this route needs a JSON object" : null),
            4 => (random.Pick("[]", "\"x\"", "0", "true", "[" + valid + "]"), "the body is not an object", "docs/api.md: the body is a JSON object"),
            5 => ("{oops", "garbage", Malformed),
            6 => (valid + " x", "trailing garbage", Malformed),
            7 => (valid + valid, "two JSON documents", Malformed),
            8 => ("/* comment */ " + valid, "a comment", Malformed),
            9 => (valid.Insert(valid.LastIndexOf('}'), ","), "a trailing comma", Malformed),
            10 => (valid.Replace('"', '\''), "single quotes", Malformed),
            11 => (valid.Insert(1, "\"n\": NaN, "), "NaN literal", Malformed),
            12 => ("\ufeff" + valid, "UTF-8 byte order mark", null),
            13 => (new string(' ', 1024 * 1024) + valid, "1 MiB of leading spaces", null),
            14 => (valid.Insert(1, "\"deep\": " + new string('[', 100) + new string(']', 100) + ", "), "an extra field nested 100 deep", null),
            _ => (valid.Insert(1, "\"x\": \"\\u00\", "), "a broken \\u escape", Malformed),
        };
        return (Encoding.UTF8.GetBytes(text), label, mustFail);
    }

    private static (string, string, string?) Truncated(FuzzRandom random, string valid)
    {
        var at = random.Between(1, Math.Max(1, valid.Length - 1));
        return (valid[..at], "JSON cut short", Malformed);
    }
}
