using Weft.Engine;
using Weft.Engine.Definitions;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;

namespace Weft.Storage.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Update_with_a_stale_status_returns_false_and_writes_nothing()
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders");
        var job = await OpenJobAsync(instance.Id);

        await using (var transaction = await Store.BeginAsync())
        {
            var updated = await transaction.TryUpdateJobAsync(job with { Status = JobStatus.Completed, LastError = "x" }, JobStatus.Locked, null);
            Assert.False(updated);
            await transaction.CommitAsync();
        }

        Assert.Equal(job, await Store.GetJobAsync(job.Id));
    }

    [Fact]
    public async Task Update_with_a_stale_lock_token_returns_false_and_writes_nothing()
    {
        await DeployAsync(Linear());
        await StartAsync("orders");
        var job = await PollOneAsync("a");

        await using (var transaction = await Store.BeginAsync())
        {
            Assert.False(await transaction.TryUpdateJobAsync(job with { Status = JobStatus.Completed }, JobStatus.Locked, "someone-elses-token"));
            Assert.False(await transaction.TryUpdateJobAsync(job with { Status = JobStatus.Completed }, JobStatus.Locked, null));
            await transaction.CommitAsync();
        }

        Assert.Equal(job, await Store.GetJobAsync(job.Id));
    }

    [Fact]
    public async Task Update_with_the_current_status_and_lock_token_writes_the_job()
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders");
        var unlocked = await OpenJobAsync(instance.Id);
        var locked = unlocked with
        {
            Status = JobStatus.Locked,
            WorkerId = "w",
            LockToken = "token-1",
            LockedAt = Time.GetUtcNow(),
            LockExpiresAt = Time.GetUtcNow().AddSeconds(9),
        };
        var completed = locked with { Status = JobStatus.Completed, CompletionHash = "h", LastError = "e", RetriesRemaining = 4 };

        await using (var transaction = await Store.BeginAsync())
        {
            Assert.True(await transaction.TryUpdateJobAsync(locked, JobStatus.Unlocked, null));
            Assert.True(await transaction.TryUpdateJobAsync(completed, JobStatus.Locked, "token-1"));
            await transaction.CommitAsync();
        }

        Assert.Equal(completed, await Store.GetJobAsync(unlocked.Id));
    }

    [Fact]
    public async Task Transaction_disposed_without_commit_leaves_no_trace()
    {
        var now = Time.GetUtcNow();
        var instance = new WorkflowInstance
        {
            Id = Ids.New(), DefinitionId = "orders", DefinitionVersion = 1, Status = InstanceStatus.Active,
            Variables = Json("""{"x":1}"""), CreatedAt = now, UpdatedAt = now,
        };
        var execution = new StepExecution
        {
            Id = Ids.New(), InstanceId = instance.Id, StepId = "a", StepType = StepTypes.ServiceTask,
            Status = StepExecutionStatus.Running, Attempt = 1, StartedAt = now,
        };
        var job = NewJob(instance.Id, execution.Id, now);

        await using (var transaction = await Store.BeginAsync())
        {
            await transaction.InsertDefinitionAsync(Linear() with { Version = 1, CreatedAt = now }, "hash");
            await transaction.InsertInstanceAsync(instance);
            await transaction.InsertStepExecutionAsync(execution);
            await transaction.InsertJobAsync(job);
            Assert.NotNull(await transaction.GetJobAsync(job.Id));
        }

        Assert.Null(await Store.GetDefinitionAsync("orders", null));
        Assert.Null(await Store.GetInstanceAsync(instance.Id));
        Assert.Empty(await Store.GetHistoryAsync(instance.Id));
        Assert.Null(await Store.GetJobAsync(job.Id));
        await using (var transaction = await Store.BeginAsync())
        {
            Assert.Null(await transaction.GetLatestDefinitionHeadAsync("orders"));
            Assert.Empty(await transaction.ClaimJobsAsync(Worker, ["a"], 10, now));
        }
    }

    [Fact]
    public async Task Committed_rows_read_back_as_written()
    {
        var now = Time.GetUtcNow();
        var instance = new WorkflowInstance
        {
            Id = Ids.New(), DefinitionId = "orders", DefinitionVersion = 3, Status = InstanceStatus.Waiting, BusinessKey = "k",
            Variables = Json("""{"x":[1,2],"y":{"z":"é"}}"""), CurrentStepId = "a", FailureReason = "r",
            CreatedAt = now, UpdatedAt = now.AddSeconds(1), CompletedAt = now.AddSeconds(2),
        };
        var execution = new StepExecution
        {
            Id = Ids.New(), InstanceId = instance.Id, StepId = "a", StepType = StepTypes.ServiceTask,
            Status = StepExecutionStatus.Failed, Attempt = 2, Input = Json("""{"i":1}"""), Output = Json("""{"o":2}"""),
            FailureReason = "boom", StartedAt = now, CompletedAt = now.AddMilliseconds(1500),
        };
        var job = NewJob(instance.Id, execution.Id, now) with
        {
            Status = JobStatus.Locked, WorkerId = "w", LockToken = "t", LockedAt = now, LockExpiresAt = now.AddSeconds(30),
            LastError = "last", CompletionHash = "c",
        };

        await using (var transaction = await Store.BeginAsync())
        {
            await transaction.InsertInstanceAsync(instance);
            await transaction.InsertStepExecutionAsync(execution);
            await transaction.InsertJobAsync(job);
            await transaction.CommitAsync();
        }

        Assert.Equal(job, await Store.GetJobAsync(job.Id));
        var storedInstance = await StoredInstanceAsync(instance.Id);
        AssertJson(instance.Variables.ToJsonString(), storedInstance.Variables);
        Assert.Equal(instance with { Variables = storedInstance.Variables }, storedInstance);
        var storedExecution = Assert.Single(await Store.GetHistoryAsync(instance.Id));
        AssertJson("""{"i":1}""", storedExecution.Input);
        AssertJson("""{"o":2}""", storedExecution.Output);
        Assert.Equal(execution with { Input = storedExecution.Input, Output = storedExecution.Output }, storedExecution);
        await using (var transaction = await Store.BeginAsync())
        {
            Assert.Equal(job, await transaction.GetJobAsync(job.Id));
            var variables = await transaction.GetVariablesAsync([instance.Id, "missing"]);
            AssertJson(instance.Variables.ToJsonString(), Assert.Single(variables).Value);
        }
    }

    [Fact]
    public async Task Open_jobs_are_the_unlocked_and_locked_ones()
    {
        var now = Time.GetUtcNow();
        var instanceId = Ids.New();
        var statuses = Enum.GetValues<JobStatus>();
        await using (var transaction = await Store.BeginAsync())
        {
            foreach (var status in statuses)
            {
                await transaction.InsertJobAsync(NewJob(instanceId, Ids.New(), now) with { Status = status, LockToken = status.ToString() });
            }

            await transaction.InsertJobAsync(NewJob(Ids.New(), Ids.New(), now));
            await transaction.CommitAsync();
        }

        var open = await OpenJobsAsync(instanceId);

        Assert.Equal([JobStatus.Unlocked, JobStatus.Locked], open.Select(j => j.Status).Order());
    }

    [Fact]
    public async Task Expired_leases_are_found_by_lease_end()
    {
        var now = Time.GetUtcNow();
        var instanceId = Ids.New();
        Job Locked(double expiresInSeconds) => NewJob(instanceId, Ids.New(), now) with
        {
            Status = JobStatus.Locked, WorkerId = "w", LockToken = Ids.New(), LockedAt = now, LockExpiresAt = now.AddSeconds(expiresInSeconds),
        };
        var expiredLong = Locked(-60);
        var expired = Locked(-1);
        var exactlyNow = Locked(0);
        var live = Locked(10);
        await using (var transaction = await Store.BeginAsync())
        {
            foreach (var job in new[] { expired, live, expiredLong, exactlyNow, NewJob(instanceId, Ids.New(), now.AddSeconds(-100)) })
            {
                await transaction.InsertJobAsync(job);
            }

            await transaction.CommitAsync();
        }

        var longAgo = now.AddDays(-1);
        Assert.Equal([expiredLong.Id, expired.Id], (await Store.FindExpiredLeasesAsync(now, longAgo, 10)).Select(j => j.Id));
        Assert.Equal([expiredLong.Id], (await Store.FindExpiredLeasesAsync(now, longAgo, 1)).Select(j => j.Id));
    }

    [Fact]
    public async Task Claim_skips_jobs_whose_run_at_has_not_come()
    {
        var now = Time.GetUtcNow();
        var due = NewJob(Ids.New(), Ids.New(), now);
        var later = NewJob(Ids.New(), Ids.New(), now) with { RunAt = now.AddMilliseconds(1) };
        await using (var transaction = await Store.BeginAsync())
        {
            await transaction.InsertJobAsync(later);
            await transaction.InsertJobAsync(due);
            await transaction.CommitAsync();
        }

        await using (var transaction = await Store.BeginAsync())
        {
            var claimed = Assert.Single(await transaction.ClaimJobsAsync(Worker, ["a"], 10, now));
            Assert.Equal(due.Id, claimed.Id);
            Assert.Equal(now + due.LeaseDuration, claimed.LockExpiresAt);
            Assert.Equal(later.Id, Assert.Single(await transaction.ClaimJobsAsync(Worker, ["a"], 10, now.AddMilliseconds(1))).Id);
        }
    }

    private static Job NewJob(string instanceId, string executionId, DateTimeOffset now) => new()
    {
        Id = Ids.New(),
        InstanceId = instanceId,
        StepExecutionId = executionId,
        StepId = "a",
        JobType = "a",
        Status = JobStatus.Unlocked,
        RetriesRemaining = 2,
        RunAt = now,
        LeaseDuration = TimeSpan.FromSeconds(45),
        CreatedAt = now,
    };
}
