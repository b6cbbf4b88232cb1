using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Data.Sqlite;
using Weft.Engine.Definitions;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;
using Weft.Engine.Storage;
using Weft.Storage.Rows;

namespace Weft.Storage.Sqlite;

/// <summary>One <c>BEGIN IMMEDIATE</c> transaction on its own connection; it holds the store's write gate until disposed.</summary>
internal sealed class SqliteWeftTransaction(SqliteConnection connection, SemaphoreSlim writeGate) : IWeftTransaction
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

    // BEGIN IMMEDIATE already holds the database's write lock for the whole transaction.
    public async Task<WorkflowInstance?> LockInstanceAsync(string id) =>
        (await connection.QuerySingleOrDefaultAsync<InstanceRow>("SELECT * FROM instances WHERE id = @id", new { id }))?.ToInstance();

    public Task InsertInstanceAsync(WorkflowInstance instance) =>
        connection.ExecuteAsync(
            """
            INSERT INTO instances (id, definition_id, definition_version, status, business_key, variables, current_step_id,
                                   failure_reason, created_at, updated_at, completed_at)
            VALUES (@Id, @DefinitionId, @DefinitionVersion, @Status, @BusinessKey, @Variables, @CurrentStepId,
                    @FailureReason, @CreatedAt, @UpdatedAt, @CompletedAt)
            """,
            InstanceRow.From(instance));

    public Task UpdateInstanceAsync(WorkflowInstance instance) =>
        connection.ExecuteAsync(
            """
            UPDATE instances SET status = @Status, variables = @Variables, current_step_id = @CurrentStepId,
                   failure_reason = @FailureReason, updated_at = @UpdatedAt, completed_at = @CompletedAt
            WHERE id = @Id
            """,
            InstanceRow.From(instance));

    public Task InsertStepExecutionAsync(StepExecution execution) =>
        connection.ExecuteAsync(
            """
            INSERT INTO step_executions (id, instance_id, step_id, step_type, status, attempt, input, output, failure_reason,
                                         started_at, completed_at)
            VALUES (@Id, @InstanceId, @StepId, @StepType, @Status, @Attempt, @Input, @Output, @FailureReason, @StartedAt, @CompletedAt)
            """,
            StepExecutionRow.From(execution));

    public Task UpdateStepExecutionAsync(StepExecution execution) =>
        connection.ExecuteAsync(
            """
            UPDATE step_executions SET status = @Status, output = @Output, failure_reason = @FailureReason, completed_at = @CompletedAt
            WHERE id = @Id
            """,
            StepExecutionRow.From(execution));

    public async Task<StepExecution?> GetStepExecutionAsync(string id) =>
        (await connection.QuerySingleOrDefaultAsync<StepExecutionRow>("SELECT * FROM step_executions WHERE id = @id", new { id }))?.ToStepExecution();

    public Task InsertJobAsync(Job job) =>
        connection.ExecuteAsync(
            """
            INSERT INTO jobs (id, instance_id, step_execution_id, step_id, job_type, status, worker_id, lock_token, locked_at,
                              lock_expires_at, retries_remaining, run_at, lease_ms, last_error, completion_hash, created_at)
            VALUES (@Id, @InstanceId, @StepExecutionId, @StepId, @JobType, @Status, @WorkerId, @LockToken, @LockedAt,
                    @LockExpiresAt, @RetriesRemaining, @RunAt, @LeaseMs, @LastError, @CompletionHash, @CreatedAt)
            """,
            JobRow.From(job));

    public async Task<Job?> GetJobAsync(string id) =>
        (await connection.QuerySingleOrDefaultAsync<JobRow>("SELECT * FROM jobs WHERE id = @id", new { id }))?.ToJob();

    public async Task<bool> TryUpdateJobAsync(Job job, JobStatus expectedStatus, string? expectedLockToken)
    {
        var row = JobRow.From(job);
        var affected = await connection.ExecuteAsync(
            """
            UPDATE jobs SET step_execution_id = @StepExecutionId, status = @Status, worker_id = @WorkerId, lock_token = @LockToken,
                   locked_at = @LockedAt, lock_expires_at = @LockExpiresAt, retries_remaining = @RetriesRemaining,
                   run_at = @RunAt, last_error = @LastError, completion_hash = @CompletionHash
            WHERE id = @Id AND status = @expectedStatus AND lock_token IS @expectedLockToken
            """,
            new
            {
                row.Id, row.StepExecutionId, row.Status, row.WorkerId, row.LockToken, row.LockedAt, row.LockExpiresAt,
                row.RetriesRemaining, row.RunAt, row.LastError, row.CompletionHash,
                expectedStatus = RowConvert.ToText(expectedStatus), expectedLockToken,
            });
        return affected == 1;
    }

    public async Task<IReadOnlyList<Job>> ClaimJobsAsync(string workerId, IReadOnlyCollection<string> jobTypes, int maxJobs, DateTimeOffset now)
    {
        var rows = await connection.QueryAsync<JobRow>(
            """
            UPDATE jobs
            SET status = 'LOCKED', worker_id = @workerId, lock_token = lower(hex(randomblob(16))),
                locked_at = @now, lock_expires_at = @now + lease_ms
            WHERE rowid IN (SELECT rowid FROM jobs
                            WHERE status = 'UNLOCKED' AND job_type IN @jobTypes AND run_at <= @now
                            ORDER BY run_at LIMIT @maxJobs)
              AND status = 'UNLOCKED'
            RETURNING *
            """,
            new { workerId, jobTypes, maxJobs, now = RowConvert.ToMillis(now) });
        return rows.Select(r => r.ToJob()).ToList();
    }

    public async Task<IReadOnlyList<Job>> FindOpenJobsAsync(string instanceId)
    {
        var rows = await connection.QueryAsync<JobRow>(
            "SELECT * FROM jobs WHERE instance_id = @instanceId AND status IN ('UNLOCKED', 'LOCKED')", new { instanceId });
        return rows.Select(r => r.ToJob()).ToList();
    }

    public async Task<IReadOnlyDictionary<string, JsonObject>> GetVariablesAsync(IReadOnlyCollection<string> instanceIds)
    {
        var rows = await connection.QueryAsync<(string Id, string Variables)>(
            "SELECT id, variables FROM instances WHERE id IN @instanceIds", new { instanceIds });
        return rows.ToDictionary(r => r.Id, r => RowConvert.ToObject(r.Variables)!);
    }

    public async Task CommitAsync()
    {
        await connection.ExecuteAsync("COMMIT");
        _finished = true;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_finished && connection.State == System.Data.ConnectionState.Open)
            {
                await connection.ExecuteAsync("ROLLBACK");
            }
        }
        catch (SqliteException)
        {
            // SQLite already rolled back (it does so itself after some errors); nothing is left to undo.
        }
        finally
        {
            await connection.DisposeAsync();
            writeGate.Release();
        }
    }
}
