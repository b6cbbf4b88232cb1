using Weft.Engine.Instances;
using Weft.Engine.Jobs;

namespace Weft.Storage.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Concurrent_identical_completions_apply_once_and_both_succeed()
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders");
        var job = await PollOneAsync("a");

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Engine.Jobs.CompleteAsync(job.Id, Worker, Json("""{"x":1}""")))));

        Assert.Equal(["a", "b"], (await Store.GetHistoryAsync(instance.Id)).Select(e => e.StepId));
        Assert.Equal("b", (await OpenJobAsync(instance.Id)).StepId);
    }

    [Fact]
    public async Task Concurrent_identical_uploads_create_one_version()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Engine.Definitions.DeployAsync(Linear()))));

        Assert.Single(results, r => r.Created);
        Assert.All(results, r => Assert.Equal(1, r.Definition.Version));
        Assert.Equal(1, (await Store.ListDefinitionsAsync(null, 0, 10)).Total);
    }

    [Fact]
    public async Task Concurrent_starts_and_polls_lose_no_job()
    {
        await DeployAsync(Linear());

        var starts = Enumerable.Range(0, 10).Select(i => Task.Run(() => StartAsync("orders", businessKey: $"k{i}"))).ToList();
        var polls = Enumerable.Range(0, 10).Select(i => Task.Run(() => PollAsync("a", $"worker-{i}", maxJobs: 2))).ToList();
        var started = await Task.WhenAll(starts);
        var claimed = (await Task.WhenAll(polls)).SelectMany(j => j).Select(j => j.Job.Id).ToList();
        claimed.AddRange((await PollAsync("a", maxJobs: 100)).Select(j => j.Job.Id));

        Assert.Equal(10, claimed.Count);
        Assert.Equal(10, claimed.Distinct().Count());
        Assert.All(started, i => Assert.Equal(InstanceStatus.Active, i.Status));
        foreach (var instance in started)
        {
            Assert.Equal(JobStatus.Locked, (await OpenJobAsync(instance.Id)).Status);
        }
    }
}
