using Weft.Engine;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;

namespace Weft.Storage.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Start_with_too_large_variables_is_refused_and_creates_nothing()
    {
        var engine = new WeftEngine(Store, Time, new WeftEngineOptions { MaxVariablesBytes = 50 });
        await engine.Definitions.DeployAsync(Linear());

        await AssertRefusedAsync(
            WeftErrorKind.TooLarge,
            () => engine.Instances.StartAsync(new StartInstanceCommand("orders", Json($$"""{"a":"{{new string('a', 60)}}"}"""))),
            "The instance's variables are");

        Assert.Equal(0, (await Store.ListInstancesAsync(new InstanceQuery())).Total);
        Assert.Empty(await PollAsync("a"));
    }

    [Fact]
    public async Task Start_with_an_overlong_business_key_is_invalid_and_creates_nothing()
    {
        await DeployAsync(Linear());

        await AssertRefusedAsync(WeftErrorKind.Invalid, () => StartAsync("orders", businessKey: new string('k', 257)), "businessKey is 257 characters long");

        Assert.Equal(0, (await Store.ListInstancesAsync(new InstanceQuery())).Total);
    }

    [Fact]
    public async Task Start_of_an_unknown_version_is_not_found()
    {
        await DeployAsync(Linear());

        await AssertRefusedAsync(WeftErrorKind.NotFound, () => StartAsync("orders", version: 2), "has no version 2");
    }

    [Fact]
    public async Task Poll_without_worker_id_job_types_or_capacity_is_invalid()
    {
        await DeployAsync(Linear());
        await StartAsync("orders");

        await AssertRefusedAsync(WeftErrorKind.Invalid, () => Engine.Jobs.PollAsync(new PollCommand(" ", ["a"], 1)), "workerId is required");
        await AssertRefusedAsync(WeftErrorKind.Invalid, () => Engine.Jobs.PollAsync(new PollCommand(Worker, [], 1)), "jobTypes must list at least one job type");
        await AssertRefusedAsync(WeftErrorKind.Invalid, () => Engine.Jobs.PollAsync(new PollCommand(Worker, [""], 1)), "jobTypes[0] is blank");
        await AssertRefusedAsync(WeftErrorKind.Invalid, () => Engine.Jobs.PollAsync(new PollCommand(Worker, ["a", "   "], 1)), "jobTypes[1] is blank");
        await AssertRefusedAsync(WeftErrorKind.Invalid, () => Engine.Jobs.PollAsync(new PollCommand(Worker, [" a"], 1)), "starts or ends with white space");
        await AssertRefusedAsync(WeftErrorKind.Invalid, () => Engine.Jobs.PollAsync(new PollCommand(Worker, ["a\u0000"], 1)), "control character");
        await AssertRefusedAsync(
            WeftErrorKind.Invalid, () => Engine.Jobs.PollAsync(new PollCommand(Worker, Enumerable.Range(0, 257).Select(i => $"t{i}").ToList(), 1)),
            "one poll may name at most 256");
        await AssertRefusedAsync(WeftErrorKind.Invalid, () => Engine.Jobs.PollAsync(new PollCommand(Worker, ["a"], 0)), "maxJobs is 0");
        await AssertRefusedAsync(WeftErrorKind.Invalid, () => Engine.Jobs.PollAsync(new PollCommand(new string('w', 257), ["a"], 1)), "workerId is 257 characters long");
        await AssertRefusedAsync(
            WeftErrorKind.Invalid, () => Engine.Jobs.PollAsync(new PollCommand(Worker, ["a"], 1, WaitMs: -1)), "waitMs is -1; it must be 0");

        Assert.Single(await PollAsync("a"));
    }

    [Fact]
    public async Task Poll_hands_out_at_most_the_configured_jobs_per_poll()
    {
        var engine = new WeftEngine(Store, Time, new WeftEngineOptions { MaxJobsPerPoll = 2 });
        await engine.Definitions.DeployAsync(Linear());
        for (var i = 0; i < 3; i++)
        {
            await engine.Instances.StartAsync(new StartInstanceCommand("orders"));
        }

        Assert.Equal(2, (await engine.Jobs.PollAsync(new PollCommand(Worker, ["a"], 100))).Count);
        Assert.Single(await engine.Jobs.PollAsync(new PollCommand(Worker, ["a"], 100)));
    }

    [Fact]
    public async Task Long_poll_returns_as_soon_as_a_job_is_created()
    {
        await DeployAsync(Linear());
        var poll = Engine.Jobs.PollAsync(new PollCommand(Worker, ["a"], 1, WaitMs: 30_000));

        var instance = await StartAsync("orders");

        var claimed = Assert.Single(await poll.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(instance.Id, claimed.Job.InstanceId);
    }

    [Fact]
    public async Task Worker_requests_without_a_worker_id_are_invalid()
    {
        await DeployAsync(Linear());
        await StartAsync("orders");
        var job = await PollOneAsync("a");

        await AssertRefusedAsync(WeftErrorKind.Invalid, () => Engine.Jobs.CompleteAsync(job.Id, "", null), "workerId is required");
        await AssertRefusedAsync(WeftErrorKind.Invalid, () => Engine.Jobs.FailAsync(job.Id, "", "x", retryable: true), "workerId is required");
        await AssertRefusedAsync(WeftErrorKind.Invalid, () => Engine.Jobs.HeartbeatAsync(job.Id, ""), "workerId is required");

        Assert.Equal(job, await Store.GetJobAsync(job.Id));
    }

    [Fact]
    public async Task Failing_or_heartbeating_an_unknown_job_is_not_found()
    {
        await AssertRefusedAsync(WeftErrorKind.NotFound, () => Engine.Jobs.FailAsync("nope", Worker, "x", retryable: true), "Job 'nope' does not exist");
        await AssertRefusedAsync(WeftErrorKind.NotFound, () => Engine.Jobs.HeartbeatAsync("nope", Worker), "Job 'nope' does not exist");
    }

    [Fact]
    public async Task A_page_far_past_the_end_is_empty_with_the_total()
    {
        await DeployAsync(OneStep("orders", Service("a", "end")));
        await StartAsync("orders");

        var instances = await Engine.Instances.ListAsync(new InstanceQuery(Page: int.MaxValue / 2, PageSize: 500));
        var definitions = await Engine.Definitions.ListAsync(null, int.MaxValue / 2, 500);

        Assert.Equal((0, 1L), (instances.Items.Count, instances.Total));
        Assert.Equal((0, 1L), (definitions.Items.Count, definitions.Total));
    }

    [Fact]
    public async Task Invalid_paging_is_refused()
    {
        await AssertRefusedAsync(WeftErrorKind.Invalid, () => Engine.Instances.ListAsync(new InstanceQuery(Page: -1)), "page is -1");
        await AssertRefusedAsync(WeftErrorKind.Invalid, () => Engine.Definitions.ListAsync(null, 0, 0), "pageSize is 0");
    }
}
