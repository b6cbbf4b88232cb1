namespace Weft.Engine.Tests.Errors;

public sealed class FreeTextTests
{
    [Fact]
    public void Text_within_the_limit_is_kept_whole()
    {
        var text = new string('x', FreeText.MaxLength);
        Assert.Same(text, FreeText.Shorten(text));
    }

    [Fact]
    public void Longer_text_is_cut_with_a_note_of_its_length()
    {
        var shortened = FreeText.Shorten(new string('x', 3_000_000));

        Assert.StartsWith(new string('x', FreeText.MaxLength), shortened, StringComparison.Ordinal);
        Assert.EndsWith("… [cut at 4,096 of 3,000,000 characters]", shortened, StringComparison.Ordinal);
        Assert.True(shortened.Length < FreeText.MaxLength + 64);
    }

    [Fact]
    public void A_surrogate_pair_at_the_cut_is_not_split()
    {
        var text = new string('x', FreeText.MaxLength - 1) + "\ud83d\ude00" + "tail";
        var shortened = FreeText.Shorten(text);

        Assert.True(JsonInput.IsValidUnicode(shortened));
        Assert.StartsWith(new string('x', FreeText.MaxLength - 1) + "…", shortened, StringComparison.Ordinal);
    }
}
