using System.Diagnostics;
using Weft.Server.Tests.Support;

namespace Weft.Server.Tests.Jobs;

/// <summary>A long poll answers as soon as a job of one of its types is ready, not at its next look, and at once when the server stops.</summary>
public sealed class LongPollTests
{
    [Fact]
    public async Task A_waiting_poll_gets_a_new_job_within_100_ms_of_its_creation()
    {
        await using var server = await WeftTestServer.StartAsync();
        await server.Client.UploadDefinitionAsync(TestDefinitions.Single("quick", "quick-job"));
        await server.Client.UploadDefinitionAsync(TestDefinitions.Single("other", "other-job"));

        for (var round = 0; round < 5; round++)
        {
            var polling = server.Client.PollJobsAsync("w", ["quick-job"], 1, waitMs: 10_000);
            await server.Client.StartInstanceAsync("other"); // a job of another type: the poll goes on waiting
            await Task.Delay(50); // gives the poll time to reach the server and start waiting (no timer is waited for)
            Assert.False(polling.IsCompleted);

            await server.Client.StartInstanceAsync("quick");

            var job = Assert.Single(await polling.WaitAsync(TimeSpan.FromSeconds(5)));
            var pickup = job.LockedAt!.Value - job.CreatedAt!.Value;
            Assert.True(pickup < TimeSpan.FromMilliseconds(100), $"picked up {pickup.TotalMilliseconds:F0} ms after it was created");
        }
    }

    [Fact]
    public async Task A_waiting_poll_is_answered_with_no_jobs_when_the_server_stops()
    {
        await using var server = await WeftTestServer.StartAsync();
        await server.Client.UploadDefinitionAsync(TestDefinitions.Single("quick", "quick-job"));
        var polling = server.Client.PollJobsAsync("w", ["quick-job"], 1, waitMs: 60_000);
        await Task.Delay(50); // gives the poll time to reach the server and start waiting (no timer is waited for)
        Assert.False(polling.IsCompleted);

        var stopping = server.App.StopAsync();

        Assert.Empty(await polling.WaitAsync(TimeSpan.FromSeconds(10)));
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
