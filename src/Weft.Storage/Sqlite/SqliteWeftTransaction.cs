using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Data.Sqlite;
using Weft.Engine.Definitions;
using Weft.Engine.Jobs;
using Weft.Engine.Storage;
using Weft.Engine.UserTasks;
using Weft.Storage.Rows;

namespace Weft.Storage.Sqlite;

/// <summary>
/// One <c>BEGIN IMMEDIATE</c> transaction on the store's writer connection, which it holds (with the write gate) until
/// disposed; <paramref name="end"/> hands both back, saying whether the connection broke.
/// </summary>
internal sealed class SqliteWeftTransaction(SqliteConnection connection, Action<bool> end) : IWeftTransaction
{
    private bool _finished;

    public async Task<(int Version, string ContentHash)?> GetLatestDefinitionHeadAsync(string id)
    {
        var head = await connection.QuerySingleOrDefaultAsync<(long Version, string ContentHash)?>(
            "SELECT version, content_hash FROM definitions WHERE id = @id ORDER BY version DESC LIMIT 1", new { id });
        return head is { } h ? ((int)h.Version, h.ContentHash) : null;
    }

    public Task InsertDefinitionAsync(WorkflowDefinition definition, string contentHash) =>
        connection.ExecuteAsync(
            """
            INSERT INTO definitions (id, version, name, content_hash, document, created_at)
            VALUES (@Id, @Version, @Name, @contentHash, @document, @createdAt)
            """,
            new
            {
                definition.Id,
                definition.Version,
                definition.Name,
                contentHash,
                document = JsonSerializer.Serialize(definition, DefinitionJson.Options),
                createdAt = RowConvert.ToMillis(definition.CreatedAt ?? DateTimeOffset.UtcNow),
            });

    // BEGIN IMMEDIATE already holds the database's write lock for the whole transaction, so the instance is held too.
    public async Task<InstanceGraph?> LoadInstanceAsync(string instanceId)
    {
        await using var reader = await connection.QueryMultipleAsync(
            """
            SELECT * FROM instances WHERE id = @instanceId;
            SELECT * FROM tokens WHERE instance_id = @instanceId AND status IN ('ACTIVE', 'WAITING', 'FORKED', 'ARRIVED', 'FAILED') ORDER BY created_at, rowid;
            SELECT * FROM jobs WHERE instance_id = @instanceId AND status IN ('UNLOCKED', 'LOCKED') ORDER BY rowid;
            SELECT * FROM user_tasks WHERE instance_id = @instanceId AND status = 'OPEN' ORDER BY rowid;
            SELECT * FROM timers WHERE instance_id = @instanceId AND status = 'SCHEDULED' ORDER BY rowid;
            SELECT * FROM step_executions WHERE instance_id = @instanceId AND status = 'RUNNING' ORDER BY rowid;
            """,
            new { instanceId });
        var instance = (await reader.ReadSingleOrDefaultAsync<InstanceRow>())?.ToInstance();
        if (instance is null)
        {
            return null;
        }

        return new InstanceGraph(
            instance,
            (await reader.ReadAsync<TokenRow>()).Select(r => r.ToToken()).ToList(),
            (await reader.ReadAsync<JobRow>()).Select(r => r.ToJob()).ToList(),
            (await reader.ReadAsync<UserTaskRow>()).Select(r => r.ToUserTask()).ToList(),
            (await reader.ReadAsync<TimerRow>()).Select(r => r.ToTimer()).ToList(),
            (await reader.ReadAsync<StepExecutionRow>()).Select(r => r.ToStepExecution()).ToList());
    }

    public async Task SaveAsync(InstanceChanges changes)
    {
        if (changes.InsertedInstance is { } inserted)
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO instances (id, definition_id, definition_version, status, business_key, variables, current_step_ids,
                                       failure_reason, parent_instance_id, parent_token_id, created_at, updated_at, completed_at)
                VALUES (@Id, @DefinitionId, @DefinitionVersion, @Status, @BusinessKey, @Variables, @CurrentStepIds,
                        @FailureReason, @ParentInstanceId, @ParentTokenId, @CreatedAt, @UpdatedAt, @CompletedAt)
                """,
                InstanceRow.From(inserted));
        }

        if (changes.UpdatedInstance is { } updated)
        {
            await connection.ExecuteAsync(
                """
                UPDATE instances SET status = @Status, variables = @Variables, current_step_ids = @CurrentStepIds,
                       failure_reason = @FailureReason, updated_at = @UpdatedAt, completed_at = @CompletedAt
                WHERE id = @Id
                """,
                InstanceRow.From(updated));
        }

        await ExecuteEachAsync(
            """
            INSERT INTO tokens (id, instance_id, step_id, status, parent_token_id, fork_id, awaited_fork_id, created_at, updated_at)
            VALUES (@Id, @InstanceId, @StepId, @Status, @ParentTokenId, @ForkId, @AwaitedForkId, @CreatedAt, @UpdatedAt)
            """,
            changes.InsertedTokens.Select(TokenRow.From));
        await ExecuteEachAsync(
            "UPDATE tokens SET step_id = @StepId, status = @Status, awaited_fork_id = @AwaitedForkId, updated_at = @UpdatedAt WHERE id = @Id",
            changes.UpdatedTokens.Select(TokenRow.From));
        await ExecuteEachAsync(
            """
            INSERT INTO step_executions (id, instance_id, token_id, step_id, step_type, status, attempt, input, output, failure_reason,
                                         started_at, completed_at)
            VALUES (@Id, @InstanceId, @TokenId, @StepId, @StepType, @Status, @Attempt, @Input, @Output, @FailureReason, @StartedAt, @CompletedAt)
            """,
            changes.InsertedExecutions.Select(StepExecutionRow.From));
        await ExecuteEachAsync(
            "UPDATE step_executions SET status = @Status, output = @Output, failure_reason = @FailureReason, completed_at = @CompletedAt WHERE id = @Id",
            changes.UpdatedExecutions.Select(StepExecutionRow.From));
        await ExecuteEachAsync(
            """
            INSERT INTO jobs (id, instance_id, token_id, step_execution_id, step_id, job_type, status, worker_id, lock_token, locked_at,
                              lock_expires_at, retries_remaining, run_at, held, lease_ms, claim_lease_ms, last_error, completion_hash, created_at)
            VALUES (@Id, @InstanceId, @TokenId, @StepExecutionId, @StepId, @JobType, @Status, @WorkerId, @LockToken, @LockedAt,
                    @LockExpiresAt, @RetriesRemaining, @RunAt, @Held, @LeaseMs, @ClaimLeaseMs, @LastError, @CompletionHash, @CreatedAt)
            """,
            changes.InsertedJobs.Select(JobRow.From));
        foreach (var update in changes.UpdatedJobs)
        {
            if (!await TryUpdateJobAsync(update.Job, update.ExpectedStatus, update.ExpectedLockToken))
            {
                throw new JobChangedException(update.Job.Id);
            }
        }

        await ExecuteEachAsync(
            """
            INSERT INTO user_tasks (id, instance_id, token_id, step_id, step_execution_id, name, status, assignee, candidate_groups,
                                    created_at, completed_at, completed_by, result)
            VALUES (@Id, @InstanceId, @TokenId, @StepId, @StepExecutionId, @Name, @Status, @Assignee, @CandidateGroups,
                    @CreatedAt, @CompletedAt, @CompletedBy, @Result)
            """,
            changes.InsertedUserTasks.Select(UserTaskRow.From));
        await ExecuteEachAsync(
            "UPDATE user_tasks SET status = @Status, completed_at = @CompletedAt, completed_by = @CompletedBy, result = @Result WHERE id = @Id",
            changes.UpdatedUserTasks.Select(UserTaskRow.From));
        await ExecuteEachAsync(
            """
            INSERT INTO timers (id, instance_id, token_id, step_id, kind, target_step_id, interrupting, due_at, status, created_at)
            VALUES (@Id, @InstanceId, @TokenId, @StepId, @Kind, @TargetStepId, @Interrupting, @DueAt, @Status, @CreatedAt)
            """,
            changes.InsertedTimers.Select(TimerRow.From));
        await ExecuteEachAsync("UPDATE timers SET status = @Status WHERE id = @Id", changes.UpdatedTimers.Select(TimerRow.From));
    }

    public async Task<Job?> GetJobAsync(string id) =>
        (await connection.QuerySingleOrDefaultAsync<JobRow>("SELECT * FROM jobs WHERE id = @id", new { id }))?.ToJob();

    public async Task<UserTask?> GetUserTaskAsync(string id) =>
        (await connection.QuerySingleOrDefaultAsync<UserTaskRow>("SELECT * FROM user_tasks WHERE id = @id", new { id }))?.ToUserTask();

    public async Task<IReadOnlyList<UserTask>> FindUserTasksAsync(string instanceId, string stepId) =>
        (await connection.QueryAsync<UserTaskRow>(
            "SELECT * FROM user_tasks WHERE instance_id = @instanceId AND step_id = @stepId ORDER BY created_at DESC, rowid DESC",
            new { instanceId, stepId })).Select(r => r.ToUserTask()).ToList();

    public async Task<IReadOnlyList<string>> FindLiveChildInstancesAsync(string parentInstanceId, string? parentTokenId) =>
        (await connection.QueryAsync<string>(
            """
            SELECT id FROM instances
            WHERE parent_instance_id = @parentInstanceId AND (@parentTokenId IS NULL OR parent_token_id = @parentTokenId)
              AND status NOT IN ('COMPLETED', 'CANCELLED')
            ORDER BY rowid
            """,
            new { parentInstanceId, parentTokenId })).ToList();

    public async Task<bool> TryUpdateJobAsync(Job job, JobStatus expectedStatus, string? expectedLockToken)
    {
        var row = JobRow.From(job);
        var affected = await connection.ExecuteAsync(
            """
            UPDATE jobs SET step_execution_id = @StepExecutionId, status = @Status, worker_id = @WorkerId, lock_token = @LockToken,
                   locked_at = @LockedAt, lock_expires_at = @LockExpiresAt, retries_remaining = @RetriesRemaining,
                   run_at = @RunAt, held = @Held, claim_lease_ms = @ClaimLeaseMs, last_error = @LastError, completion_hash = @CompletionHash
            WHERE id = @Id AND status = @expectedStatus AND lock_token IS @expectedLockToken
            """,
            new
            {
                row.Id, row.StepExecutionId, row.Status, row.WorkerId, row.LockToken, row.LockedAt, row.LockExpiresAt,
                row.RetriesRemaining, row.RunAt, row.Held, row.ClaimLeaseMs, row.LastError, row.CompletionHash,
                expectedStatus = RowConvert.ToText(expectedStatus), expectedLockToken,
            });
        return affected == 1;
    }

    public async Task<IReadOnlyList<Job>> ClaimJobsAsync(
        string workerId, IReadOnlyCollection<string> jobTypes, int maxJobs, DateTimeOffset now, TimeSpan? lease = null)
    {
        var rows = await connection.QueryAsync<JobRow>(
            """
            UPDATE jobs
            SET status = 'LOCKED', worker_id = @workerId, lock_token = lower(hex(randomblob(16))),
                locked_at = @now, lock_expires_at = @now + coalesce(@leaseMs, lease_ms), claim_lease_ms = @leaseMs
            WHERE rowid IN (SELECT rowid FROM jobs
                            WHERE status = 'UNLOCKED' AND held = 0 AND job_type IN @jobTypes AND run_at <= @now
                            ORDER BY run_at LIMIT @maxJobs)
              AND status = 'UNLOCKED'
            RETURNING *
            """,
            new { workerId, jobTypes, maxJobs, now = RowConvert.ToMillis(now), leaseMs = lease is { } l ? (long?)l.TotalMilliseconds : null });
        return rows.Select(r => r.ToJob()).ToList();
    }

    public async Task<IReadOnlyDictionary<string, JsonObject>> GetVariablesAsync(IReadOnlyCollection<string> instanceIds)
    {
        var rows = await connection.QueryAsync<(string Id, string Variables)>(
            "SELECT id, variables FROM instances WHERE id IN @instanceIds", new { instanceIds });
        return rows.ToDictionary(r => r.Id, r => RowConvert.ToObject(r.Variables)!);
    }

    // Only this process writes the file: the engine wakes its own pollers after the commit.
    public Task NotifyJobsReadyAsync(IReadOnlyCollection<string> jobTypes) => Task.CompletedTask;

    public Task SavepointAsync() => connection.ExecuteAsync("SAVEPOINT change");

    public Task ReleaseSavepointAsync() => connection.ExecuteAsync("RELEASE change");

    // ROLLBACK TO keeps the savepoint on SQLite's stack; RELEASE then pops it, with nothing left to keep.
    public Task RollbackToSavepointAsync() => connection.ExecuteAsync("ROLLBACK TO change; RELEASE change");

    public async Task CommitAsync()
    {
        await connection.ExecuteAsync("COMMIT");
        _finished = true;
    }

    public async ValueTask DisposeAsync()
    {
        var broken = connection.State != System.Data.ConnectionState.Open;
        try
        {
            if (!_finished && !broken)
            {
                await connection.ExecuteAsync("ROLLBACK");
            }
        }
        catch (SqliteException)
        {
            // SQLite already rolled back (it does so itself after some errors), or cannot: start on a fresh connection.
            broken = SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) == 0;
        }
        finally
        {
            end(broken);
        }
    }

    private async Task ExecuteEachAsync(string sql, IEnumerable<object> rows)
    {
        foreach (var row in rows)
        {
            await connection.ExecuteAsync(sql, row);
        }
    }
}
