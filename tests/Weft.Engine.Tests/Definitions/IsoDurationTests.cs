using Weft.Engine.Definitions;

namespace Weft.Engine.Tests.Definitions;

public sealed class IsoDurationTests
{
    [Theory]
    [InlineData("PT30S", 30)]
    [InlineData("PT5M", 300)]
    [InlineData("PT1H30M", 5400)]
    [InlineData("P7D", 604800)]
    [InlineData("P1DT2H", 93600)]
    [InlineData("PT0.5S", 0.5)]
    [InlineData("PT0S", 0)]
    [InlineData("P36525D", 36525.0 * 86400)]
    public void Valid_durations_are_read(string text, double seconds)
    {
        Assert.True(IsoDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("30s")]
    [InlineData("5 minutes")]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("-PT5M")]
    [InlineData("p7d")]
    [InlineData("PT5X")]
    [InlineData("P36525DT1S")]
    [InlineData("P10675199D")]
    [InlineData("P3000000D")]
    [InlineData("P99999999999999999999D")]
    public void Invalid_durations_are_refused(string? text)
    {
        Assert.False(IsoDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.Zero, duration);
    }

    [Theory]
    [InlineData("P10675199D", "is longer than 100 years")]
    [InlineData("P200Y", "is longer than 100 years")]
    [InlineData("-PT1S", "is negative")]
    [InlineData("P99999999999999999999D", "or a number in it is too large")]
    [InlineData("soon", "is not an ISO-8601 duration")]
    public void Check_says_what_is_wrong(string text, string says)
    {
        Assert.Contains(says, IsoDuration.Check(text, out _), StringComparison.Ordinal);
    }
}
