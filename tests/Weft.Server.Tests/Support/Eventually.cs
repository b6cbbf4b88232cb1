namespace Weft.Server.Tests.Support;

/// <summary>Waits for a condition that real workers make true over HTTP; the timeout only guards against a hang.</summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for {what}; last value: {value}");
            }

            await Task.Delay(20);
        }
    }
}
