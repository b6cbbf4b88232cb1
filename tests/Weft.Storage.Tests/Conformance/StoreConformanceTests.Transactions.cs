using Weft.Engine;
using Weft.Engine.Definitions;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;
using Weft.Engine.Storage;
using Weft.Engine.Timers;
using Weft.Engine.Tokens;
using Weft.Engine.UserTasks;

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
            Status = StepExecutionStatus.Running, AttemptNumber = 1, StartedAt = now,
        };
        var job = NewJob(instance.Id, execution.Id, now);

        await using (var transaction = await Store.BeginAsync())
        {
            await transaction.InsertDefinitionAsync(Linear() with { Version = 1, CreatedAt = now }, "hash");
            await transaction.SaveAsync(Inserting(instance, execution, job));
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
            Variables = Json("""{"x":[1,2],"y":{"z":"é"}}"""), CurrentStepIds = ["a", "b"], FailureReason = "r",
            ParentInstanceId = "parent", ParentTokenId = "parent-token",
            CreatedAt = now, UpdatedAt = now.AddSeconds(1), CompletedAt = now.AddSeconds(2),
        };
        var execution = new StepExecution
        {
            Id = Ids.New(), InstanceId = instance.Id, StepId = "a", StepType = StepTypes.ServiceTask,
            TokenId = "t1", Status = StepExecutionStatus.Failed, AttemptNumber = 2, Input = Json("""{"i":1}"""), Output = Json("""{"o":2}"""),
            FailureReason = "boom", StartedAt = now, EndedAt = now.AddMilliseconds(1500),
        };
        var job = NewJob(instance.Id, execution.Id, now) with
        {
            Status = JobStatus.Locked, WorkerId = "w", LockToken = "t", LockedAt = now, LockExpiresAt = now.AddSeconds(30),
            LastError = "last", CompletionHash = "c", TokenId = "t1", Held = true,
        };

        await using (var transaction = await Store.BeginAsync())
        {
            await transaction.SaveAsync(Inserting(instance, execution, job));
            await transaction.CommitAsync();
        }

        Assert.Equal(job, await Store.GetJobAsync(job.Id));
        var storedInstance = await StoredInstanceAsync(instance.Id);
        AssertJson(instance.Variables.ToJsonString(), storedInstance.Variables);
        Assert.Equal(instance.CurrentStepIds, storedInstance.CurrentStepIds);
        Assert.Equal(instance with { Variables = storedInstance.Variables, CurrentStepIds = storedInstance.CurrentStepIds }, storedInstance);
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
    public async Task Loading_an_instance_brings_what_can_still_change_and_nothing_finished()
    {
        var now = Time.GetUtcNow();
        var instance = new WorkflowInstance
        {
            Id = Ids.New(), DefinitionId = "orders", DefinitionVersion = 1, Status = InstanceStatus.Active,
            Variables = Json("""{"x":1}"""), CreatedAt = now, UpdatedAt = now,
        };
        var changes = new InstanceChanges { InsertedInstance = instance };
        foreach (var status in Enum.GetValues<TokenStatus>())
        {
            changes.InsertedTokens.Add(new Token
            {
                Id = $"token-{status}", InstanceId = instance.Id, StepId = "a", Status = status, CreatedAt = now, UpdatedAt = now,
                ParentTokenId = "p", ForkId = "f", AwaitedForkId = status == TokenStatus.Forked ? "g" : null,
            });
        }

        foreach (var status in Enum.GetValues<JobStatus>())
        {
            changes.InsertedJobs.Add(NewJob(instance.Id, Ids.New(), now) with { Status = status, LockToken = status.ToString() });
        }

        foreach (var status in Enum.GetValues<StepExecutionStatus>())
        {
            changes.InsertedExecutions.Add(new StepExecution
            {
                Id = Ids.New(), InstanceId = instance.Id, TokenId = "t", StepId = "a", StepType = StepTypes.ServiceTask, Status = status,
                AttemptNumber = 1, StartedAt = now,
            });
        }

        foreach (var status in Enum.GetValues<UserTaskStatus>())
        {
            changes.InsertedUserTasks.Add(new UserTask
            {
                Id = Ids.New(), InstanceId = instance.Id, TokenId = "t", StepId = "review", StepExecutionId = "e", Status = status,
                Assignee = "ann", CandidateGroups = ["clerks", "managers"], CreatedAt = now, Result = Json("""{"ok":true}"""),
            });
        }

        foreach (var status in Enum.GetValues<TimerStatus>())
        {
            changes.InsertedTimers.Add(new WorkflowTimer
            {
                Id = Ids.New(), InstanceId = instance.Id, TokenId = "t", StepId = "a", Kind = TimerKind.Boundary, TargetStepId = "b",
                Interrupting = true, DueAt = now.AddMinutes(5), Status = status, CreatedAt = now,
            });
        }

        await using (var transaction = await Store.BeginAsync())
        {
            await transaction.SaveAsync(changes);
            await transaction.SaveAsync(new InstanceChanges { InsertedInstance = instance with { Id = Ids.New() } });
            await transaction.CommitAsync();
        }

        await using (var transaction = await Store.BeginAsync())
        {
            var graph = await transaction.LoadInstanceAsync(instance.Id) ?? throw new InvalidOperationException("not loaded");
            Assert.Equal(instance.Id, graph.Instance.Id);
            Assert.Equal(
                [TokenStatus.Active, TokenStatus.Waiting, TokenStatus.Forked, TokenStatus.Arrived, TokenStatus.Failed],
                graph.Tokens.Select(t => t.Status));
            Assert.Equal(changes.InsertedTokens.Single(t => t.Status == TokenStatus.Forked), graph.Tokens.Single(t => t.Status == TokenStatus.Forked));
            Assert.Equal([JobStatus.Unlocked, JobStatus.Locked], graph.Jobs.Select(j => j.Status));
            Assert.Equal([StepExecutionStatus.Running], graph.RunningExecutions.Select(e => e.Status));
            var task = Assert.Single(graph.UserTasks);
            Assert.Equal(changes.InsertedUserTasks[0] with { Result = task.Result, CandidateGroups = task.CandidateGroups }, task);
            Assert.Equal(["clerks", "managers"], task.CandidateGroups);
            Assert.Equal(changes.InsertedTimers[0], Assert.Single(graph.Timers));
            Assert.Null(await transaction.LoadInstanceAsync("missing"));
        }
    }

    [Fact]
    public async Task A_job_update_that_finds_the_row_changed_voids_the_save()
    {
        var now = Time.GetUtcNow();
        var job = NewJob(Ids.New(), Ids.New(), now);
        await using (var transaction = await Store.BeginAsync())
        {
            await transaction.SaveAsync(Inserting(jobs: job));
            await transaction.CommitAsync();
        }

        await using (var transaction = await Store.BeginAsync())
        {
            Assert.Single(await transaction.ClaimJobsAsync(Worker, ["a"], 1, now));
            var stale = new InstanceChanges();
            stale.UpdatedJobs.Add(new JobUpdate(job with { Status = JobStatus.Cancelled }, JobStatus.Unlocked, null));
            var error = await Assert.ThrowsAsync<JobChangedException>(() => transaction.SaveAsync(stale));
            Assert.Equal(job.Id, error.JobId);
        }
    }

    [Fact]
    public async Task Rolling_back_to_a_savepoint_undoes_only_what_came_after_it()
    {
        var now = Time.GetUtcNow();
        var kept = NewJob(Ids.New(), Ids.New(), now);
        var undone = NewJob(Ids.New(), Ids.New(), now);
        var afterwards = NewJob(Ids.New(), Ids.New(), now);
        await using (var transaction = await Store.BeginAsync())
        {
            await transaction.SavepointAsync();
            await transaction.SaveAsync(Inserting(jobs: kept));
            await transaction.ReleaseSavepointAsync();
            await transaction.SavepointAsync();
            await transaction.SaveAsync(Inserting(jobs: undone));
            await transaction.RollbackToSavepointAsync();
            await transaction.SavepointAsync();
            await transaction.SaveAsync(Inserting(jobs: afterwards));
            await transaction.ReleaseSavepointAsync();
            await transaction.NotifyJobsReadyAsync(["a"]);
            await transaction.CommitAsync();
        }

        Assert.NotNull(await Store.GetJobAsync(kept.Id));
        Assert.Null(await Store.GetJobAsync(undone.Id));
        Assert.NotNull(await Store.GetJobAsync(afterwards.Id));
    }

    [Fact]
    public async Task A_failed_statement_inside_a_savepoint_can_be_rolled_back_and_the_transaction_goes_on()
    {
        var now = Time.GetUtcNow();
        var first = NewJob(Ids.New(), Ids.New(), now);
        var second = NewJob(Ids.New(), Ids.New(), now);
        await using (var transaction = await Store.BeginAsync())
        {
            await transaction.SaveAsync(Inserting(jobs: first));
            await transaction.SavepointAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => transaction.SaveAsync(Inserting(jobs: first))); // the same id twice
            await transaction.RollbackToSavepointAsync();
            await transaction.SaveAsync(Inserting(jobs: second));
            await transaction.CommitAsync();
        }

        Assert.NotNull(await Store.GetJobAsync(first.Id));
        Assert.NotNull(await Store.GetJobAsync(second.Id));
    }

    [Fact]
    public async Task Any_job_ready_says_whether_a_poll_would_find_one_without_claiming_it()
    {
        var now = Time.GetUtcNow();
        var later = NewJob(Ids.New(), Ids.New(), now) with { RunAt = now.AddSeconds(5) };
        var held = NewJob(Ids.New(), Ids.New(), now) with { JobType = "b", Held = true };
        await using (var transaction = await Store.BeginAsync())
        {
            await transaction.SaveAsync(Inserting(jobs: [later, held]));
            await transaction.CommitAsync();
        }

        Assert.False(await Store.AnyJobReadyAsync(["a", "b"], now));
        Assert.True(await Store.AnyJobReadyAsync(["b", "a"], now.AddSeconds(5)));
        Assert.False(await Store.AnyJobReadyAsync(["c"], now.AddSeconds(5)));
        Assert.Equal(JobStatus.Unlocked, (await StoredJobAsync(later.Id)).Status);
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
            await transaction.SaveAsync(Inserting(jobs: [expired, live, expiredLong, exactlyNow, NewJob(instanceId, Ids.New(), now.AddSeconds(-100))]));

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
            await transaction.SaveAsync(Inserting(jobs: [later, due, NewJob(Ids.New(), Ids.New(), now) with { Held = true }]));
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

    [Fact]
    public async Task Claim_with_a_lease_of_its_own_sets_the_lease_end_from_it()
    {
        var now = Time.GetUtcNow();
        var job = NewJob(Ids.New(), Ids.New(), now);
        await using var transaction = await Store.BeginAsync();
        await transaction.SaveAsync(Inserting(jobs: job));

        var claimed = Assert.Single(await transaction.ClaimJobsAsync(Worker, ["a"], 10, now, TimeSpan.FromSeconds(7)));

        Assert.Equal(now.AddSeconds(7), claimed.LockExpiresAt);
    }

    private static InstanceChanges Inserting(WorkflowInstance? instance = null, StepExecution? execution = null, params Job[] jobs)
    {
        var changes = new InstanceChanges { InsertedInstance = instance };
        if (execution is not null)
        {
            changes.InsertedExecutions.Add(execution);
        }

        changes.InsertedJobs.AddRange(jobs);
        return changes;
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
