using System.Globalization;
using System.Text;

namespace Weft.Fuzz.Tests.Support;

/// <summary>Inputs and answers as a failure message shows them: shortened, with control characters and lone surrogates escaped.</summary>
public static class Printable
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>At most about <paramref name="max"/> characters: the start and the end, with the length of what was left out.</summary>
    public static string Shorten(string text, int max)
    {
        if (text.Length <= max)
        {
            return Escape(text);
        }

        var head = (max * 2) / 3;
        var tail = max - head;
        return $"{Escape(text[..head])} …[{text.Length - head - tail:N0} more chars]… {Escape(text[^tail..])}";
    }

    /// <summary>A request or response body: its text when it is UTF-8, else its first bytes in hex.</summary>
    public static string Body(byte[]? body, int max)
    {
        if (body is null || body.Length == 0)
        {
            return "(none)";
        }

        try
        {
            return $"({body.Length:N0} bytes) {Shorten(StrictUtf8.GetString(body), max)}";
        }
        catch (DecoderFallbackException)
        {
            var hex = string.Join(' ', body.Take(48).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
            return $"({body.Length:N0} bytes, not UTF-8) hex {hex}{(body.Length > 48 ? " …" : "")}";
        }
    }

    private static string Escape(string text)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var pairedHigh = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            var pairedLow = char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(text[i - 1]);
            if (c == '\n')
            {
                result.Append("\\n");
            }
            else if (c == '\r')
            {
                result.Append("\\r");
            }
            else if (c < ' ' || c == '\u007f' || (char.IsSurrogate(c) && !pairedHigh && !pairedLow))
            {
                result.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }
}
