namespace Weft.Engine.Tests.Retries;

public sealed class RetryBackoffPolicyTests
{
    private static readonly RetryBackoffPolicy Doubling = new(TimeSpan.FromSeconds(1), 2, TimeSpan.FromMinutes(5), 0);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(8, 128)]
    public void Delay_grows_by_the_factor_per_retry(int retry, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Doubling.DelayBeforeRetry(retry, new Random(1)));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(20)]
    [InlineData(2000)]
    public void Delay_is_capped_at_max(int retry)
    {
        Assert.Equal(TimeSpan.FromMinutes(5), Doubling.DelayBeforeRetry(retry, new Random(1)));
    }

    [Fact]
    public void Factor_one_keeps_the_delay_constant()
    {
        var constant = new RetryBackoffPolicy(TimeSpan.FromSeconds(3), 1, TimeSpan.FromMinutes(5), 0);

        Assert.All(Enumerable.Range(1, 10), n => Assert.Equal(TimeSpan.FromSeconds(3), constant.DelayBeforeRetry(n, new Random(1))));
    }

    [Fact]
    public void Retry_numbers_below_one_wait_the_initial_delay()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), Doubling.DelayBeforeRetry(0, new Random(1)));
    }

    [Fact]
    public void Jitter_spreads_delays_within_its_bounds()
    {
        var jittered = Doubling with { Jitter = 0.2 };
        var random = new Random(42);

        var delays = Enumerable.Range(0, 1000).Select(_ => jittered.DelayBeforeRetry(3, random).TotalSeconds).ToList();

        Assert.All(delays, d => Assert.InRange(d, 4 * 0.8, 4 * 1.2));
        Assert.True(delays.Min() < 3.3, $"lowest delay {delays.Min()} should come near 3.2");
        Assert.True(delays.Max() > 4.7, $"highest delay {delays.Max()} should come near 4.8");
        Assert.True(delays.Distinct().Count() > 100);
    }

    [Fact]
    public void Jitter_applies_to_the_capped_delay()
    {
        var jittered = Doubling with { Jitter = 0.5 };
        var random = new Random(7);

        Assert.All(Enumerable.Range(0, 200), _ => Assert.InRange(jittered.DelayBeforeRetry(50, random), TimeSpan.FromMinutes(2.5), TimeSpan.FromMinutes(7.5)));
    }

    [Fact]
    public void The_same_seed_gives_the_same_delays()
    {
        var jittered = Doubling with { Jitter = 0.3 };
        var first = new Random(5);
        var second = new Random(5);

        Assert.All(Enumerable.Range(1, 20), n => Assert.Equal(jittered.DelayBeforeRetry(n, first), jittered.DelayBeforeRetry(n, second)));
    }

    [Fact]
    public void Full_jitter_never_gives_a_negative_delay()
    {
        var jittered = Doubling with { Jitter = 1 };
        var random = new Random(3);

        Assert.All(Enumerable.Range(0, 500), _ => Assert.InRange(jittered.DelayBeforeRetry(2, random), TimeSpan.Zero, TimeSpan.FromSeconds(4)));
    }
}
