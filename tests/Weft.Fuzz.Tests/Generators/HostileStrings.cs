namespace Weft.Fuzz.Tests.Generators;

/// <summary>Text that breaks naive code: blanks, NUL, lone surrogates, unicode, path tricks, very long text.</summary>
public static class HostileStrings
{
    /// <summary>(the string, what it is).</summary>
    public static readonly IReadOnlyList<(string Value, string Label)> All =
    [
        ("", "empty string"),
        (" ", "one space"),
        ("   ", "blank (spaces)"),
        ("\t\r\n", "only whitespace controls"),
        ("\u0000", "NUL \\u0000"),
        ("a\u0000b", "NUL inside"),
        ("\ud800", "lone high surrogate \\ud800"),
        ("\udc00", "lone low surrogate \\udc00"),
        ("x\udc00\ud800y", "reversed surrogate pair"),
        ("😀🧵", "emoji (non-BMP)"),
        ("e\u0301\u0301\u0301", "combining marks"),
        ("\u202eevil", "right-to-left override"),
        ("\ufeffbom", "byte order mark"),
        ("\u200b", "zero-width space"),
        ("日本語のテキスト", "CJK text"),
        ("Ω≈ç√∫", "symbols"),
        ("\u00ff\u0100", "Latin-1 edge"),
        ("\uffff\ufffe", "noncharacters \\uffff\\ufffe"),
        ("../x", "path traversal ../x"),
        ("..\\x", "backslash traversal"),
        ("%00", "percent-encoded NUL as text"),
        ("a/b?c#d", "URL delimiters"),
        ("' OR 1=1 --", "SQL quote"),
        ("\"; DROP TABLE jobs; --", "SQL injection"),
        ("${jndi:ldap://127.0.0.1/x}", "template injection"),
        ("<script>alert(1)</script>", "HTML"),
        ("null", "the word null"),
        ("true", "the word true"),
        ("-1", "a number as text"),
        ("1e400", "a huge number as text"),
        (new string('a', 257), "257 chars"),
        (new string('x', 10_000), "10,000 chars"),
        (string.Concat(Enumerable.Repeat("😀", 5_000)), "5,000 emoji"),
    ];

    public static (string Value, string Label) Any(Support.FuzzRandom random) => random.PickFrom(All);
}
