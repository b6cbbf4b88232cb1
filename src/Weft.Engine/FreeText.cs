namespace Weft.Engine;

/// <summary>
/// Text that people and workers write for people to read (a failure's <c>errorMessage</c>, a cancel <c>reason</c>):
/// kept up to <see cref="MaxLength"/> characters and cut beyond, with a note saying so, rather than refused. A
/// worker that fails with a 3 MB stack trace should still fail its job.
/// </summary>
public static class FreeText
{
    public const int MaxLength = 4096;

    public static string Shorten(string text)
    {
        if (text.Length <= MaxLength)
        {
            return text;
        }

        var keep = char.IsHighSurrogate(text[MaxLength - 1]) ? MaxLength - 1 : MaxLength; // never split a surrogate pair
        return $"{text[..keep]}… [cut at {MaxLength:N0} of {text.Length:N0} characters]";
    }
}
