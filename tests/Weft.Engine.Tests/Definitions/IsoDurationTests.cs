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
    public void Invalid_durations_are_refused(string? text)
    {
        Assert.False(IsoDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.Zero, duration);
    }
}
