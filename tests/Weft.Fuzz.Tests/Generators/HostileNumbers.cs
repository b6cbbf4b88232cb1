namespace Weft.Fuzz.Tests.Generators;

/// <summary>JSON numbers (and near-numbers) that overflow, underflow or are not whole, as literal text.</summary>
public static class HostileNumbers
{
    public static readonly string HundredDigits = "1" + new string('0', 99);

    /// <summary>(literal JSON text, what it is, whether an int field must refuse it per docs/api.md).</summary>
    public static readonly IReadOnlyList<(string Text, string Label, bool NotAWholeNumber)> ForIntFields =
    [
        ("0", "0", false),
        ("-1", "-1", false),
        ("1", "1", false),
        ("2147483647", "int.MaxValue", false),
        ("2147483648", "2^31 (int overflow)", false),
        ("-2147483649", "below int.MinValue", false),
        ("9223372036854775808", "2^63", false),
        ("1e9", "1e9", false),
        ("1e400", "1e400", false),
        ("-1e400", "-1e400", false),
        (HundredDigits, "100-digit integer", false),
        ("1.5", "1.5 (not whole)", true),
        ("1.0", "1.0", false),
        ("-0", "-0", false),
        ("1e-400", "1e-400", false),
        ("\"5\"", "the string \"5\"", true),
        ("\"five\"", "the string \"five\"", true),
        ("\"\"", "empty string", true),
        ("true", "true", true),
        ("[]", "an empty list", true),
        ("{}", "an empty object", true),
        ("[1]", "a list [1]", true),
    ];

    /// <summary>Numbers for number fields that may be fractional (retryBackoff factor and jitter).</summary>
    public static readonly IReadOnlyList<string> ForDoubleFields =
        ["0", "-1", "0.5", "1", "2", "1e308", "1.7976931348623157e309", "1e400", "-1e400", "1e-400", "-0", HundredDigits, "\"2\"", "true"];

    /// <summary>Numbers for any JSON value: each one a plain number text.</summary>
    public static readonly IReadOnlyList<string> Any =
        ["0", "-0", "1e400", "-1e400", "1e-400", HundredDigits, "-" + HundredDigits, "9223372036854775808", "1.7976931348623157e308", "0.1e1", "123456789.123456789e-5"];
}
