using System.Collections;
using System.Globalization;
using System.Text;

namespace Weft.Fuzz.Tests.Generators;

/// <summary>
/// Writes the fuzz's values as JSON text: <see cref="JsonFields"/> (keys may repeat), lists, strings (control
/// characters and lone surrogates as <c>\uXXXX</c> escapes), numbers, booleans, null and <see cref="RawJson"/>.
/// </summary>
public static class JsonText
{
    public static string Write(object? value)
    {
        var text = new StringBuilder();
        Write(text, value);
        return text.ToString();
    }

    /// <summary>A JSON string literal; characters that cannot be sent as UTF-8 (lone surrogates) are escaped.</summary>
    public static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var paired = (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                || (char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(value[i - 1]));
            switch (c)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                case '\t':
                    text.Append("\\t");
                    break;
                case < ' ':
                    text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    break;
                case >= '\ud800' and <= '\udfff' when !paired:
                    text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        return text.Append('"').ToString();
    }

    private static void Write(StringBuilder text, object? value)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                break;
            case bool b:
                text.Append(b ? "true" : "false");
                break;
            case string s:
                text.Append(Quote(s));
                break;
            case RawJson raw:
                text.Append(raw.Text);
                break;
            case int or long or double:
                text.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
            case JsonFields fields:
                text.Append('{');
                for (var i = 0; i < fields.Count; i++)
                {
                    text.Append(i == 0 ? "" : ",").Append(Quote(fields[i].Key)).Append(':');
                    Write(text, fields[i].Value);
                }

                text.Append('}');
                break;
            case IEnumerable items:
                text.Append('[');
                var first = true;
                foreach (var item in items)
                {
                    text.Append(first ? "" : ",");
                    Write(text, item);
                    first = false;
                }

                text.Append(']');
                break;
            default:
                throw new ArgumentException($"JsonText cannot write a {value.GetType().Name}.", nameof(value));
        }
    }
}
