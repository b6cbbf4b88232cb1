using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Weft.Fuzz.Tests.Generators;

/// <summary>
/// Writes the fuzz's values as block-style YAML: plain keys where they are safe, strings double-quoted with the
/// same escapes as JSON, and <see cref="RawJson"/> as written (a JSON document is valid flow-style YAML).
/// </summary>
public static partial class YamlText
{
    public static string Write(object? value)
    {
        var text = new StringBuilder();
        if (IsBlock(value))
        {
            WriteBlock(text, value, 0);
        }
        else
        {
            text.Append(Scalar(value)).Append('\n');
        }

        return text.ToString();
    }

    private static void WriteBlock(StringBuilder text, object? value, int indent)
    {
        var pad = new string(' ', indent);
        if (value is JsonFields fields)
        {
            foreach (var (key, item) in fields)
            {
                text.Append(pad).Append(Key(key)).Append(':');
                WriteItem(text, item, indent + 2);
            }

            return;
        }

        foreach (var item in (IEnumerable)value!)
        {
            text.Append(pad).Append('-');
            WriteItem(text, item, indent + 2);
        }
    }

    private static void WriteItem(StringBuilder text, object? item, int indent)
    {
        if (IsBlock(item))
        {
            text.Append('\n');
            WriteBlock(text, item, indent);
        }
        else
        {
            text.Append(' ').Append(Scalar(item)).Append('\n');
        }
    }

    private static bool IsBlock(object? value) => value switch
    {
        JsonFields fields => fields.Count > 0,
        string or RawJson or null => false,
        IEnumerable items => items.GetEnumerator().MoveNext(),
        _ => false,
    };

    private static string Scalar(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        string s => JsonText.Quote(s),
        RawJson raw => raw.Text,
        int or long or double => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        _ => JsonText.Write(value), // an empty object or list: {} or []
    };

    private static string Key(string key) => PlainKey().IsMatch(key) ? key : JsonText.Quote(key);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]*$")]
    private static partial Regex PlainKey();
}
