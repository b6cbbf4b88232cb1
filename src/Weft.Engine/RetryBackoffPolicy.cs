namespace Weft.Engine;

/// <summary>Exponential backoff: the n-th retry waits <c>min(Initial * Factor^(n-1), Max)</c>, spread by ±Jitter.</summary>
public sealed record RetryBackoffPolicy(TimeSpan Initial, double Factor, TimeSpan Max, double Jitter)
{
    public TimeSpan DelayBeforeRetry(int retryNumber, Random random)
    {
        var seconds = Initial.TotalSeconds * Math.Pow(Factor, Math.Max(0, retryNumber - 1));
        seconds = Math.Min(seconds, Max.TotalSeconds);
        if (Jitter > 0)
        {
            seconds *= 1 + (Jitter * ((random.NextDouble() * 2) - 1));
        }

        return TimeSpan.FromSeconds(Math.Max(0, seconds));
    }
}
