using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using Weft.Engine.Definitions;
using Weft.Engine.Jobs;
using Weft.Engine.Storage;
using Weft.Engine.UserTasks;
using Weft.Storage.Rows;

namespace Weft.Storage.Postgres;

/// <summary>
/// One READ COMMITTED transaction on its own connection. Changes of one instance are serialised by its row lock
/// (<c>FOR UPDATE</c>, taken after its parents'); jobs are claimed with <c>SKIP LOCKED</c>; every guard is a
/// conditional statement.
/// </summary>
internal sealed class PostgresWeftTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction) : IWeftTransaction
{
    private const string InsertJob = """
        INSERT INTO jobs (id, instance_id, token_id, step_execution_id, step_id, job_type, status, worker_id, lock_token, locked_at,
                          lock_expires_at, retries_remaining, run_at, held, lease_ms, claim_lease_ms, last_error, completion_hash, created_at)
        VALUES (@Id, @InstanceId, @TokenId, @StepExecutionId, @StepId, @JobType, @Status, @WorkerId, @LockToken, @LockedAt,
                @LockExpiresAt, @RetriesRemaining, @RunAt, @Held, @LeaseMs, @ClaimLeaseMs, @LastError, @CompletionHash, @CreatedAt)
        """;

    private const string UpdateJob = """
        UPDATE jobs SET step_execution_id = @StepExecutionId, status = @Status, worker_id = @WorkerId, lock_token = @LockToken,
               locked_at = @LockedAt, lock_expires_at = @LockExpiresAt, retries_remaining = @RetriesRemaining,
               run_at = @RunAt, held = @Held, claim_lease_ms = @ClaimLeaseMs, last_error = @LastError, completion_hash = @CompletionHash
        WHERE id = @Id AND status = @ExpectedStatus AND lock_token IS NOT DISTINCT FROM @ExpectedLockToken
        """;

    private bool _finished;

    /// <summary>
    /// Locks an instance, and before it every instance above it, the topmost first. A change that starts at a child
    /// and reaches its parent (a sub-workflow that ends) and one that starts at the parent and reaches the child (a
    /// cancel) then take their locks in the same order, and wait for each other instead of deadlocking.
    /// </summary>
    private static string LockInstance(string instanceId) => $"""
        WITH RECURSIVE chain (id, parent_id, depth) AS (
            SELECT id, parent_instance_id, 0 FROM instances WHERE id = {instanceId}
            UNION ALL
            SELECT i.id, i.parent_instance_id, c.depth + 1 FROM instances i JOIN chain c ON i.id = c.parent_id WHERE c.depth < 1000)
        SELECT 1 FROM instances i JOIN chain c ON c.id = i.id ORDER BY c.depth DESC FOR UPDATE OF i;

        """;

    public async Task<(int Version, string ContentHash)?> GetLatestDefinitionHeadAsync(string id)
    {
        // Uploads of one id take turns until they commit, so that two of them never both write the next version.
        await using var reader = await connection.QueryMultipleAsync(
            """
            SELECT 1 FROM pg_advisory_xact_lock(hashtext('weft.definitions'), hashtext(@id));
            SELECT version, content_hash FROM definitions WHERE id = @id ORDER BY version DESC LIMIT 1;
            """,
            new { id },
            transaction);
        await reader.ReadAsync<int>();
        var head = await reader.ReadSingleOrDefaultAsync<(long Version, string ContentHash)?>();
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
            },
            transaction);

    // The instance row's lock is the instance's lock. Each later statement reads what was committed by the time it
    // runs, so whatever the transaction that held the lock before us wrote is seen.
    public async Task<InstanceGraph?> LoadInstanceAsync(string instanceId)
    {
        await using var reader = await connection.QueryMultipleAsync(
            LockInstance("@instanceId") + """
            SELECT * FROM instances WHERE id = @instanceId;
            SELECT * FROM tokens WHERE instance_id = @instanceId AND status IN ('ACTIVE', 'WAITING', 'FORKED', 'ARRIVED', 'FAILED') ORDER BY created_at, seq;
            SELECT * FROM jobs WHERE instance_id = @instanceId AND status IN ('UNLOCKED', 'LOCKED') ORDER BY seq;
            SELECT * FROM user_tasks WHERE instance_id = @instanceId AND status = 'OPEN' ORDER BY seq;
            SELECT * FROM timers WHERE instance_id = @instanceId AND status = 'SCHEDULED' ORDER BY seq;
            SELECT * FROM step_executions WHERE instance_id = @instanceId AND status = 'RUNNING' ORDER BY seq;
            """,
            new { instanceId },
            transaction);
        await reader.ReadAsync<int>();
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
        var batch = new StatementBatch();
        if (changes.InsertedInstance is { } inserted)
        {
            batch.Add(
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
            batch.Add(
                """
                UPDATE instances SET status = @Status, variables = @Variables, current_step_ids = @CurrentStepIds,
                       failure_reason = @FailureReason, updated_at = @UpdatedAt, completed_at = @CompletedAt
                WHERE id = @Id
                """,
                InstanceRow.From(updated));
        }

        batch.AddEach(
            """
            INSERT INTO tokens (id, instance_id, step_id, status, parent_token_id, fork_id, awaited_fork_id, created_at, updated_at)
            VALUES (@Id, @InstanceId, @StepId, @Status, @ParentTokenId, @ForkId, @AwaitedForkId, @CreatedAt, @UpdatedAt)
            """,
            changes.InsertedTokens.Select(TokenRow.From));
        batch.AddEach(
            "UPDATE tokens SET step_id = @StepId, status = @Status, awaited_fork_id = @AwaitedForkId, updated_at = @UpdatedAt WHERE id = @Id",
            changes.UpdatedTokens.Select(TokenRow.From));
        batch.AddEach(
            """
            INSERT INTO step_executions (id, instance_id, token_id, step_id, step_type, status, attempt, input, output, failure_reason,
                                         started_at, completed_at)
            VALUES (@Id, @InstanceId, @TokenId, @StepId, @StepType, @Status, @Attempt, @Input, @Output, @FailureReason, @StartedAt, @CompletedAt)
            """,
            changes.InsertedExecutions.Select(StepExecutionRow.From));
        batch.AddEach(
            "UPDATE step_executions SET status = @Status, output = @Output, failure_reason = @FailureReason, completed_at = @CompletedAt WHERE id = @Id",
            changes.UpdatedExecutions.Select(StepExecutionRow.From));
        batch.AddEach(InsertJob, changes.InsertedJobs.Select(JobRow.From));
        var jobUpdates = changes.UpdatedJobs.Select(u => (u.Job.Id, Index: batch.Add(UpdateJob, JobUpdateParameters(u.Job, u.ExpectedStatus, u.ExpectedLockToken)))).ToList();
        batch.AddEach(
            """
            INSERT INTO user_tasks (id, instance_id, token_id, step_id, step_execution_id, name, status, assignee, candidate_groups,
                                    created_at, completed_at, completed_by, result)
            VALUES (@Id, @InstanceId, @TokenId, @StepId, @StepExecutionId, @Name, @Status, @Assignee, @CandidateGroups,
                    @CreatedAt, @CompletedAt, @CompletedBy, @Result)
            """,
            changes.InsertedUserTasks.Select(UserTaskRow.From));
        batch.AddEach(
            "UPDATE user_tasks SET status = @Status, completed_at = @CompletedAt, completed_by = @CompletedBy, result = @Result WHERE id = @Id",
            changes.UpdatedUserTasks.Select(UserTaskRow.From));
        batch.AddEach(
            """
            INSERT INTO timers (id, instance_id, token_id, step_id, kind, target_step_id, interrupting, due_at, status, created_at)
            VALUES (@Id, @InstanceId, @TokenId, @StepId, @Kind, @TargetStepId, @Interrupting, @DueAt, @Status, @CreatedAt)
            """,
            changes.InsertedTimers.Select(TimerRow.From));
        batch.AddEach("UPDATE timers SET status = @Status WHERE id = @Id", changes.UpdatedTimers.Select(TimerRow.From));

        var affected = await batch.ExecuteAsync(connection, transaction);
        foreach (var (jobId, index) in jobUpdates)
        {
            if (affected[index] != 1)
            {
                throw new JobChangedException(jobId);
            }
        }
    }

    // The engine reads a job before it loads (and locks) the job's instance. Taking the instance's lock first makes
    // the read wait for a change of that instance in progress, and so see its outcome, as it would under SQLite's
    // single writer: two identical completions at once then find the first one applied rather than a conflict.
    public async Task<Job?> GetJobAsync(string id)
    {
        await using var reader = await connection.QueryMultipleAsync(
            LockInstance("(SELECT instance_id FROM jobs WHERE id = @id)") + "SELECT * FROM jobs WHERE id = @id;",
            new { id },
            transaction);
        await reader.ReadAsync<int>();
        return (await reader.ReadSingleOrDefaultAsync<JobRow>())?.ToJob();
    }

    public async Task<UserTask?> GetUserTaskAsync(string id) =>
        (await connection.QuerySingleOrDefaultAsync<UserTaskRow>("SELECT * FROM user_tasks WHERE id = @id", new { id }, transaction))?.ToUserTask();

    public async Task<IReadOnlyList<UserTask>> FindUserTasksAsync(string instanceId, string stepId) =>
        (await connection.QueryAsync<UserTaskRow>(
            "SELECT * FROM user_tasks WHERE instance_id = @instanceId AND step_id = @stepId ORDER BY created_at DESC, seq DESC",
            new { instanceId, stepId },
            transaction)).Select(r => r.ToUserTask()).ToList();

    public async Task<IReadOnlyList<string>> FindLiveChildInstancesAsync(string parentInstanceId, string? parentTokenId) =>
        (await connection.QueryAsync<string>(
            """
            SELECT id FROM instances
            WHERE parent_instance_id = @parentInstanceId AND (@parentTokenId::text IS NULL OR parent_token_id = @parentTokenId)
              AND status NOT IN ('COMPLETED', 'CANCELLED')
            ORDER BY seq
            """,
            new { parentInstanceId, parentTokenId },
            transaction)).ToList();

    public async Task<bool> TryUpdateJobAsync(Job job, JobStatus expectedStatus, string? expectedLockToken)
    {
        var batch = new StatementBatch();
        batch.Add(UpdateJob, JobUpdateParameters(job, expectedStatus, expectedLockToken));
        return (await batch.ExecuteAsync(connection, transaction))[0] == 1;
    }

    public async Task<IReadOnlyList<Job>> ClaimJobsAsync(
        string workerId, IReadOnlyCollection<string> jobTypes, int maxJobs, DateTimeOffset now, TimeSpan? lease = null)
    {
        // The ready predicate is the partial index's, word for word. A job that another claim holds is skipped, not
        // waited for; one that another claim took meanwhile fails the recheck of that predicate after the lock.
        var rows = await connection.QueryAsync<JobRow>(
            """
            WITH ready AS (
                SELECT id FROM jobs
                WHERE status = 'UNLOCKED' AND held = false AND job_type = ANY(@jobTypes) AND run_at <= @now
                ORDER BY run_at LIMIT @maxJobs
                FOR UPDATE SKIP LOCKED),
            claimed AS (
                UPDATE jobs j
                SET status = 'LOCKED', worker_id = @workerId, lock_token = replace(gen_random_uuid()::text, '-', ''),
                    locked_at = @now, lock_expires_at = @now + coalesce(@leaseMs, j.lease_ms), claim_lease_ms = @leaseMs
                FROM ready WHERE j.id = ready.id
                RETURNING j.*)
            SELECT * FROM claimed ORDER BY run_at, seq
            """,
            new
            {
                workerId,
                jobTypes = jobTypes.ToArray(),
                maxJobs,
                now = RowConvert.ToMillis(now),
                leaseMs = lease is { } l ? (long?)l.TotalMilliseconds : null,
            },
            transaction);
        return rows.Select(r => r.ToJob()).ToList();
    }

    public async Task<IReadOnlyDictionary<string, JsonObject>> GetVariablesAsync(IReadOnlyCollection<string> instanceIds)
    {
        var rows = await connection.QueryAsync<(string Id, string Variables)>(
            "SELECT id, variables FROM instances WHERE id = ANY(@instanceIds)", new { instanceIds = instanceIds.ToArray() }, transaction);
        return rows.ToDictionary(r => r.Id, r => RowConvert.ToObject(r.Variables)!);
    }

    // PostgreSQL delivers a notice when (and only if) the transaction that sent it commits.
    public async Task NotifyJobsReadyAsync(IReadOnlyCollection<string> jobTypes)
    {
        var payloads = JobNotices.Payloads(jobTypes);
        if (payloads.Count > 0)
        {
            await connection.ExecuteAsync(
                "SELECT pg_notify(@channel, payload) FROM unnest(@payloads) AS payload",
                new { channel = JobNotices.Channel, payloads = payloads.ToArray() },
                transaction);
        }
    }

    public Task SavepointAsync() => connection.ExecuteAsync("SAVEPOINT change", transaction: transaction);

    public Task ReleaseSavepointAsync() => connection.ExecuteAsync("RELEASE SAVEPOINT change", transaction: transaction);

    // ROLLBACK TO also ends the failed state a statement error leaves the transaction in; it keeps the savepoint,
    // which RELEASE then pops.
    public Task RollbackToSavepointAsync() =>
        connection.ExecuteAsync("ROLLBACK TO SAVEPOINT change; RELEASE SAVEPOINT change", transaction: transaction);

    public async Task CommitAsync()
    {
        await transaction.CommitAsync();
        _finished = true;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_finished && connection.State == System.Data.ConnectionState.Open)
            {
                await transaction.RollbackAsync();
            }
        }
        catch (NpgsqlException)
        {
            // The connection broke: the server rolled the transaction back itself.
        }
        finally
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    private static object JobUpdateParameters(Job job, JobStatus expectedStatus, string? expectedLockToken)
    {
        var row = JobRow.From(job);
        return new
        {
            row.Id, row.StepExecutionId, row.Status, row.WorkerId, row.LockToken, row.LockedAt, row.LockExpiresAt,
            row.RetriesRemaining, row.RunAt, row.Held, row.ClaimLeaseMs, row.LastError, row.CompletionHash,
            ExpectedStatus = RowConvert.ToText(expectedStatus), ExpectedLockToken = expectedLockToken,
        };
    }
}
