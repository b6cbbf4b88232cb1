using Weft.Engine;
using Weft.Engine.Advancing;
using Weft.Engine.Instances;
using Weft.Engine.Storage;

namespace Weft.Storage.Tests.Conformance;

/// <summary>Group commit: many changes in one transaction, each in its own savepoint, answered only once durable.</summary>
public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task One_failing_change_of_a_batch_leaves_the_others_applied()
    {
        await DeployAsync(Linear());
        await using var runtime = NewRuntime(Store);
        var first = Starting();
        var failing = new Probe(async session =>
        {
            await StartInSessionAsync(session);
            throw new InvalidOperationException("this change fails after writing");
        });
        var last = Starting();

        Assert.Empty(await runtime.CommitAsync([first, failing, last]));

        var started = (await Store.ListInstancesAsync(new InstanceQuery("orders"))).Items.Select(i => i.Id).ToHashSet();
        Assert.Equal([(await first.Answer).Id, (await last.Answer).Id], started.Order());
        Assert.Equal("this change fails after writing", (await Assert.ThrowsAsync<InvalidOperationException>(() => failing.Answer)).Message);
        Assert.Equal(2, await CountOpenJobsAsync(started));
    }

    [Fact]
    public async Task A_batch_whose_commit_fails_leaves_none_of_its_changes_and_answers_each_with_the_failure()
    {
        await DeployAsync(Linear());
        await using var runtime = NewRuntime(new FailingCommitStore(Store));
        var first = Starting();
        var second = Starting();

        await runtime.CommitAsync([first, second]);

        await Assert.ThrowsAsync<IOException>(() => first.Answer);
        await Assert.ThrowsAsync<IOException>(() => second.Answer);
        Assert.Equal(0, (await Store.ListInstancesAsync(new InstanceQuery("orders"))).Total);
    }

    [Fact]
    public async Task A_change_that_lost_a_race_for_a_job_is_run_again_on_fresh_state()
    {
        await DeployAsync(Linear());
        await using var runtime = NewRuntime(Store);
        var runs = 0;
        var racing = new Probe(async session =>
        {
            if (++runs == 1)
            {
                throw new JobChangedException("some-job");
            }

            return await StartInSessionAsync(session);
        });

        var again = await runtime.CommitAsync([racing]);

        Assert.Same(racing, Assert.Single(again));
        Assert.False(racing.Answer.IsCompleted);
        Assert.Empty(await runtime.CommitAsync(again));
        Assert.Equal(InstanceStatus.Active, (await StoredInstanceAsync((await racing.Answer).Id)).Status);
    }

    [Fact]
    public async Task Changes_sent_at_once_are_all_applied_and_answered()
    {
        await DeployAsync(Linear());

        var started = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() => StartAsync("orders", $$"""{"n": {{i}}}"""))));

        Assert.Equal(100, started.Select(i => i.Id).Distinct().Count());
        Assert.Equal(100, (await Store.ListInstancesAsync(new InstanceQuery("orders", PageSize: 500))).Total);
        Assert.Equal(100, (await PollAsync("a", maxJobs: 200)).Count);
    }

    private InstanceRuntime NewRuntime(IWeftStore store) =>
        new(store, Engine.Definitions, new InstanceAdvancer(Time, Options), Engine.Availability, Time);

    private Probe Starting() => new(StartInSessionAsync);

    private async Task<WorkflowInstance> StartInSessionAsync(AdvanceSession session)
    {
        var definition = await Engine.Definitions.GetAsync("orders");
        return (await session.StartAsync(session.NewInstance(definition, [], null), definition, CancellationToken.None)).Instance;
    }

    private async Task<int> CountOpenJobsAsync(IEnumerable<string> instanceIds)
    {
        var count = 0;
        foreach (var id in instanceIds)
        {
            count += (await OpenJobsAsync(id)).Count;
        }

        return count;
    }

    /// <summary>A change with a given body, its answer observable by the test.</summary>
    private sealed class Probe(Func<AdvanceSession, Task<WorkflowInstance>> body) : InstanceRuntime.Change(CancellationToken.None)
    {
        private readonly TaskCompletionSource<WorkflowInstance> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<WorkflowInstance> Answer => _answer.Task;

        public override async Task<object?> RunAsync(AdvanceSession session) => await body(session);

        public override void Succeed(object? result) => _answer.TrySetResult((WorkflowInstance)result!);

        public override void Fail(Exception error) => _answer.TrySetException(error);

        public override void Cancel() => _answer.TrySetCanceled();
    }
}
