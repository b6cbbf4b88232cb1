using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Weft.Engine.Catalog;
using Weft.Engine.Definitions;
using Weft.Engine.Events;
using Weft.Engine.Jobs;
using Weft.Engine.Storage;
using Weft.Engine.UserTasks;
using Weft.Engine.Workers;
using Weft.Storage.Rows;

namespace Weft.Storage.Sqlite;

/// <summary>
/// One <c>BEGIN IMMEDIATE</c> transaction on the store's writer connection, which it holds (with the write gate) until
/// disposed; <paramref name="end"/> hands both back, saying whether the connection broke. Every statement is one of
/// the connection's <see cref="PreparedStatements"/>. SQLite does its work synchronously, so each method is too.
/// </summary>
internal sealed class SqliteWeftTransaction(SqliteConnection connection, PreparedStatements statements, Action<bool> end) : IWeftTransaction
{
    private readonly List<DomainEvent> _events = [];
    private int _eventsAtSavepoint;
    private bool _finished;

    public Task<(int Version, string ContentHash)?> GetLatestDefinitionHeadAsync(string id)
    {
        var head = statements.Query<(long Version, string ContentHash)>(
            "SELECT version, content_hash FROM definitions WHERE id = @id ORDER BY version DESC LIMIT 1", new { id });
        return Task.FromResult<(int, string)?>(head is [var h] ? ((int)h.Version, h.ContentHash) : null);
    }

    public Task InsertDefinitionAsync(WorkflowDefinition definition, string contentHash)
    {
        statements.Execute(
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
        return Task.CompletedTask;
    }

    // BEGIN IMMEDIATE already holds the database's write lock for the whole transaction, so the instance is held too.
    public Task<InstanceGraph?> LoadInstanceAsync(string instanceId)
    {
        using var results = statements.Results(
            """
            SELECT * FROM instances WHERE id = @instanceId;
            SELECT * FROM tokens WHERE instance_id = @instanceId AND status IN ('ACTIVE', 'WAITING', 'FORKED', 'ARRIVED', 'FAILED') ORDER BY created_at, rowid;
            SELECT * FROM jobs WHERE instance_id = @instanceId AND status IN ('UNLOCKED', 'LOCKED') ORDER BY rowid;
            SELECT * FROM user_tasks WHERE instance_id = @instanceId AND status = 'OPEN' ORDER BY rowid;
            SELECT * FROM timers WHERE instance_id = @instanceId AND status = 'SCHEDULED' ORDER BY rowid;
            SELECT * FROM step_executions WHERE instance_id = @instanceId AND status = 'RUNNING' ORDER BY rowid;
            """,
            new { instanceId });
        if (results.Next<InstanceRow>() is not [var instance])
        {
            return Task.FromResult<InstanceGraph?>(null);
        }

        return Task.FromResult<InstanceGraph?>(new InstanceGraph(
            instance.ToInstance(),
            results.Next<TokenRow>().ConvertAll(r => r.ToToken()),
            results.Next<JobRow>().ConvertAll(r => r.ToJob()),
            results.Next<UserTaskRow>().ConvertAll(r => r.ToUserTask()),
            results.Next<TimerRow>().ConvertAll(r => r.ToTimer()),
            results.Next<StepExecutionRow>().ConvertAll(r => r.ToStepExecution())));
    }

    public Task SaveAsync(InstanceChanges changes)
    {
        foreach (var (sql, row) in RowWrites.Of(changes))
        {
            statements.Execute(sql, row);
        }

        foreach (var update in changes.UpdatedJobs)
        {
            if (!TryUpdateJob(update.Job, update.ExpectedStatus, update.ExpectedLockToken))
            {
                throw new JobChangedException(update.Job.Id);
            }
        }

        return Task.CompletedTask;
    }

    public Task<Job?> GetJobAsync(string id) =>
        Task.FromResult(statements.Query<JobRow>("SELECT * FROM jobs WHERE id = @id", new { id }) is [var row] ? row.ToJob() : null);

    public Task<UserTask?> GetUserTaskAsync(string id) =>
        Task.FromResult(statements.Query<UserTaskRow>("SELECT * FROM user_tasks WHERE id = @id", new { id }) is [var row] ? row.ToUserTask() : null);

    public Task<IReadOnlyList<UserTask>> FindUserTasksAsync(string instanceId, string stepId) =>
        Task.FromResult<IReadOnlyList<UserTask>>(statements.Query<UserTaskRow>(
            "SELECT * FROM user_tasks WHERE instance_id = @instanceId AND step_id = @stepId ORDER BY created_at DESC, rowid DESC",
            new { instanceId, stepId }).ConvertAll(r => r.ToUserTask()));

    public Task<IReadOnlyList<string>> FindLiveChildInstancesAsync(string parentInstanceId, string? parentTokenId) =>
        Task.FromResult<IReadOnlyList<string>>(statements.Query<string>(
            """
            SELECT id FROM instances
            WHERE parent_instance_id = @parentInstanceId AND (@parentTokenId IS NULL OR parent_token_id = @parentTokenId)
              AND status NOT IN ('COMPLETED', 'CANCELLED')
            ORDER BY rowid
            """,
            new { parentInstanceId, parentTokenId }));

    public Task<bool> TryUpdateJobAsync(Job job, JobStatus expectedStatus, string? expectedLockToken) =>
        Task.FromResult(TryUpdateJob(job, expectedStatus, expectedLockToken));

    public Task<bool> SetStepHoldAsync(string instanceId, string stepId, bool held, DateTimeOffset at) =>
        Task.FromResult(statements.Execute(
            held ? SelectorStatements.InsertHold : SelectorStatements.DeleteHold, new { instanceId, stepId, at = RowConvert.ToMillis(at) }) > 0);

    public Task<IReadOnlyList<Job>> ClaimJobsAsync(
        string workerId, IReadOnlyCollection<string> jobTypes, int maxJobs, DateTimeOffset now, TimeSpan? lease = null)
    {
        // Per job type, the oldest ready jobs straight from the partial index, in its order; then the oldest of those.
        // (One scan over all the types would sort every ready job of them on each poll.)
        var rows = statements.Query<JobRow>(
            $"""
            UPDATE jobs
            SET status = 'LOCKED', worker_id = @workerId, lock_token = lower(hex(randomblob(16))),
                locked_at = @now, lock_expires_at = @now + coalesce(@leaseMs, lease_ms), claim_lease_ms = @leaseMs
            WHERE rowid IN (SELECT j.rowid FROM json_each(@jobTypes) AS t
                            JOIN jobs AS j ON j.rowid IN (SELECT rowid FROM jobs
                                                          WHERE status = 'UNLOCKED' AND held = 0 AND job_type = t.value AND run_at <= @now
                                                            AND {SelectorStatements.NotOperatorHeld}
                                                          ORDER BY run_at LIMIT @maxJobs)
                            ORDER BY j.run_at LIMIT @maxJobs)
              AND status = 'UNLOCKED'
            RETURNING *
            """,
            new { workerId, jobTypes = JsonSerializer.Serialize(jobTypes), maxJobs, now = RowConvert.ToMillis(now), leaseMs = lease is { } l ? (long?)l.TotalMilliseconds : null });
        return Task.FromResult<IReadOnlyList<Job>>(rows.ConvertAll(r => r.ToJob()));
    }

    public Task<IReadOnlyDictionary<string, JsonObject>> GetVariablesAsync(IReadOnlyCollection<string> instanceIds)
    {
        var rows = statements.Query<(string Id, string Variables)>(
            "SELECT id, variables FROM instances WHERE id IN (SELECT value FROM json_each(@instanceIds))",
            new { instanceIds = JsonSerializer.Serialize(instanceIds) });
        return Task.FromResult<IReadOnlyDictionary<string, JsonObject>>(rows.ToDictionary(r => r.Id, r => RowConvert.ToObject(r.Variables)!));
    }

    public Task AddProgressReportAsync(ProgressReport report, int keep)
    {
        statements.Execute(SharedStatements.InsertProgressReport, ProgressReportRow.From(report));
        statements.Execute(SharedStatements.TrimProgressReports, new { report.StepExecutionId, Keep = (long)keep });
        return Task.CompletedTask;
    }

    // BEGIN IMMEDIATE already holds the database's write lock for the whole transaction, so the namespace is held too.
    public Task<CatalogNamespace?> LoadCatalogNamespaceAsync(string @namespace)
    {
        var parameters = new { @namespace };
        return Task.FromResult(statements.Query<CatalogNamespaceRow>(SharedStatements.SelectCatalogNamespace, parameters) is [var row]
            ? row.ToNamespace(statements.Query<CatalogTaskRow>(SharedStatements.SelectCatalogTasks, parameters))
            : null);
    }

    public Task SaveCatalogNamespaceAsync(CatalogNamespace @namespace)
    {
        foreach (var (sql, row) in SharedStatements.SaveCatalogNamespace(@namespace))
        {
            statements.Execute(sql, row);
        }

        return Task.CompletedTask;
    }

    public Task RecordWorkerPollAsync(WorkerSighting sighting, DateTimeOffset forgetBefore)
    {
        statements.Execute(SharedStatements.RecordWorkerPoll, WorkerRow.From(sighting));
        statements.Execute(SharedStatements.ForgetWorkers, new { forgetBefore = RowConvert.ToMillis(forgetBefore) });
        return Task.CompletedTask;
    }

    // Only this process writes the file: the engine wakes its own pollers after the commit.
    public Task NotifyJobsReadyAsync(IReadOnlyCollection<string> jobTypes) => Task.CompletedTask;

    // Held until the commit, so that a transaction's events take one statement whatever the number of its changes.
    public Task AppendEventsAsync(IReadOnlyList<DomainEvent> events)
    {
        _events.AddRange(events);
        return Task.CompletedTask;
    }

    public Task SavepointAsync()
    {
        _eventsAtSavepoint = _events.Count;
        return Run("SAVEPOINT change");
    }

    public Task ReleaseSavepointAsync() => Run("RELEASE change");

    // ROLLBACK TO keeps the savepoint on SQLite's stack; RELEASE then pops it, with nothing left to keep.
    public Task RollbackToSavepointAsync()
    {
        _events.RemoveRange(_eventsAtSavepoint, _events.Count - _eventsAtSavepoint);
        return Run("ROLLBACK TO change; RELEASE change");
    }

    public Task CommitAsync()
    {
        if (_events.Count > 0)
        {
            statements.Execute(EventStatements.AppendSqlite, new { events = EventRow.ToJson(_events) });
        }

        statements.Execute("COMMIT");
        _finished = true;
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        var broken = connection.State != System.Data.ConnectionState.Open;
        try
        {
            if (!_finished && !broken)
            {
                statements.Execute("ROLLBACK");
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

        return ValueTask.CompletedTask;
    }

    /// <summary>One batch of retention (<see cref="IEventStore.DeleteOlderAsync"/>); returns how many events it deleted.</summary>
    internal int DeleteOlderEvents(DateTimeOffset before, int batch)
    {
        statements.Execute(EventStatements.MarkSqlite, new { before = RowConvert.ToMillis(before), batch = (long)batch });
        return statements.Execute(EventStatements.DeleteThroughMarkSqlite);
    }

    private bool TryUpdateJob(Job job, JobStatus expectedStatus, string? expectedLockToken)
    {
        var row = JobRow.From(job);
        var affected = statements.Execute(
            """
            UPDATE jobs SET step_execution_id = @StepExecutionId, status = @Status, worker_id = @WorkerId, lock_token = @LockToken,
                   locked_at = @LockedAt, lock_expires_at = @LockExpiresAt, retries_remaining = @RetriesRemaining,
                   run_at = @RunAt, held = @Held, claim_lease_ms = @ClaimLeaseMs, last_error = @LastError, completion_hash = @CompletionHash,
                   progress_percent = @ProgressPercent, progress_message = @ProgressMessage, progress_at = @ProgressAt
            WHERE id = @Id AND status = @expectedStatus AND lock_token IS @expectedLockToken
            """,
            new
            {
                row.Id, row.StepExecutionId, row.Status, row.WorkerId, row.LockToken, row.LockedAt, row.LockExpiresAt,
                row.RetriesRemaining, row.RunAt, row.Held, row.ClaimLeaseMs, row.LastError, row.CompletionHash,
                row.ProgressPercent, row.ProgressMessage, row.ProgressAt,
                expectedStatus = RowConvert.ToText(expectedStatus), expectedLockToken,
            });
        return affected == 1;
    }

    private Task Run(string sql)
    {
        statements.Execute(sql);
        return Task.CompletedTask;
    }
}
