using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Weft.Engine.Catalog;
using Weft.Engine.Definitions;
using Weft.Engine.Events;
using Weft.Engine.Jobs;
using Weft.Engine.Storage;
using Weft.Engine.UserTasks;
using Weft.Engine.Workers;
using Weft.Storage.Rows;

namespace Weft.Storage.Postgres;

/// <summary>
/// One READ COMMITTED transaction on its own connection. Changes of one instance are serialised by its row lock
/// (<c>FOR UPDATE</c>, taken after its parents'); jobs are claimed with <c>SKIP LOCKED</c>; every guard is a
/// conditional statement. Savepoint statements wait to travel with the next statement, and job-ready notices with
/// the commit, so that a change costs the round trips of its reads and one for its writes.
/// </summary>
internal sealed class PostgresWeftTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction) : IWeftTransaction
{
    private const string Savepoint = "SAVEPOINT change";
    private const string Release = "RELEASE SAVEPOINT change";

    private const string UpdateJob = """
        UPDATE jobs SET step_execution_id = @StepExecutionId, status = @Status, worker_id = @WorkerId, lock_token = @LockToken,
               locked_at = @LockedAt, lock_expires_at = @LockExpiresAt, retries_remaining = @RetriesRemaining,
               run_at = @RunAt, held = @Held, claim_lease_ms = @ClaimLeaseMs, last_error = @LastError, completion_hash = @CompletionHash,
               progress_percent = @ProgressPercent, progress_message = @ProgressMessage, progress_at = @ProgressAt
        WHERE id = @Id AND status = @ExpectedStatus AND lock_token IS NOT DISTINCT FROM @ExpectedLockToken
        """;

    /// <summary>The advisory lock that event appends take in turn (see <see cref="CommitAsync"/>).</summary>
    internal const string EventsLockKey = "hashtext('weft.events')";

    private readonly List<string> _pending = [];
    private readonly List<DomainEvent> _events = [];
    private int _eventsAtSavepoint;

    // The instance fetched (and locked) with a job by GetJobAsync, for the LoadInstanceAsync that follows it; any
    // other statement drops it.
    private InstanceGraph? _fetched;
    private readonly SortedSet<string> _readyJobTypes = new(StringComparer.Ordinal);
    private bool _finished;

    // Whether a change of this transaction was kept (released): its locks are held until the commit.
    private bool _holdsLocks;

    /// <summary>
    /// Locks an instance, and before it every instance above it, the topmost first. A change that starts at a child
    /// and reaches its parent (a sub-workflow that ends) and one that starts at the parent and reaches the child (a
    /// cancel) then take their locks in the same order, and wait for each other instead of deadlocking.
    /// </summary>
    /// <remarks>
    /// Many changes share a transaction (group commit), and so hold their locks until it commits. Only the first
    /// change of a transaction, which holds nothing, waits for a lock; a later one that finds its instance locked
    /// fails at once (NOWAIT, <see cref="PostgresWeftStore.IsTransientFailure"/>) and runs again in a later
    /// transaction. Two transactions can then never wait for each other: no deadlocks, and no second-long stalls
    /// until PostgreSQL detects one.
    /// </remarks>
    private string LockInstance(string instanceId) => $"""
        WITH RECURSIVE chain (id, parent_id, depth) AS (
            SELECT id, parent_instance_id, 0 FROM instances WHERE id = {instanceId}
            UNION ALL
            SELECT i.id, i.parent_instance_id, c.depth + 1 FROM instances i JOIN chain c ON i.id = c.parent_id WHERE c.depth < 1000)
        SELECT 1 FROM instances i JOIN chain c ON c.id = i.id ORDER BY c.depth DESC FOR UPDATE OF i{(_holdsLocks ? " NOWAIT" : "")}
        """;

    public async Task<(int Version, string ContentHash)?> GetLatestDefinitionHeadAsync(string id)
    {
        // Uploads of one id take turns until they commit, so that two of them never both write the next version.
        var batch = NewBatch();
        batch.Add("SELECT 1 FROM pg_advisory_xact_lock(hashtext('weft.definitions'), hashtext(@id))", new { id });
        batch.Add("SELECT version, content_hash FROM definitions WHERE id = @id ORDER BY version DESC LIMIT 1", new { id });
        await using var reader = await batch.ExecuteReaderAsync(connection, transaction);
        await StatementBatch.ReadAsync<int>(reader);
        var head = await StatementBatch.ReadAsync<(long Version, string ContentHash)>(reader);
        return head is [var h] ? ((int)h.Version, h.ContentHash) : null;
    }

    public async Task InsertDefinitionAsync(WorkflowDefinition definition, string contentHash)
    {
        var batch = NewBatch();
        batch.Add(
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
        await batch.ExecuteAsync(connection, transaction);
    }

    // The instance row's lock is the instance's lock. Each later statement reads what was committed by the time it
    // runs, so whatever the transaction that held the lock before us wrote is seen.
    public async Task<InstanceGraph?> LoadInstanceAsync(string instanceId)
    {
        if (_fetched is { } fetched && fetched.Instance.Id == instanceId)
        {
            _fetched = null;
            return fetched;
        }

        var batch = NewBatch();
        var parameters = new { instanceId };
        batch.Add(LockInstance("@instanceId"), parameters);
        AddGraphQueries(batch, "@instanceId", parameters);
        await using var reader = await batch.ExecuteReaderAsync(connection, transaction);
        await StatementBatch.ReadAsync<int>(reader);
        return await ReadGraphAsync(reader);
    }

    public async Task SaveAsync(InstanceChanges changes)
    {
        var batch = NewBatch();
        foreach (var (sql, row) in RowWrites.Of(changes))
        {
            batch.Add(sql, row);
        }

        var jobUpdates = changes.UpdatedJobs.Select(u => (u.Job.Id, Index: batch.Add(UpdateJob, JobUpdateParameters(u.Job, u.ExpectedStatus, u.ExpectedLockToken)))).ToList();
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
    // single writer: two identical completions at once then find the first one applied rather than a conflict. The
    // same round trip fetches the instance, which the engine loads next (see _fetched).
    public async Task<Job?> GetJobAsync(string id)
    {
        const string InstanceOfJob = "(SELECT instance_id FROM jobs WHERE id = @id)";
        var batch = NewBatch();
        var parameters = new { id };
        batch.Add(LockInstance(InstanceOfJob), parameters);
        batch.Add("SELECT * FROM jobs WHERE id = @id", parameters);
        AddGraphQueries(batch, InstanceOfJob, parameters);
        await using var reader = await batch.ExecuteReaderAsync(connection, transaction);
        await StatementBatch.ReadAsync<int>(reader);
        var job = (await StatementBatch.ReadAsync<JobRow>(reader)) is [var row] ? row.ToJob() : null;
        _fetched = await ReadGraphAsync(reader);
        return job;
    }

    public async Task<UserTask?> GetUserTaskAsync(string id) =>
        (await QueryAsync<UserTaskRow>("SELECT * FROM user_tasks WHERE id = @id", new { id })) is [var row] ? row.ToUserTask() : null;

    public async Task<IReadOnlyList<UserTask>> FindUserTasksAsync(string instanceId, string stepId) =>
        (await QueryAsync<UserTaskRow>(
            "SELECT * FROM user_tasks WHERE instance_id = @instanceId AND step_id = @stepId ORDER BY created_at DESC, seq DESC",
            new { instanceId, stepId })).ConvertAll(r => r.ToUserTask());

    public async Task<IReadOnlyList<string>> FindLiveChildInstancesAsync(string parentInstanceId, string? parentTokenId) =>
        await QueryAsync<string>(
            """
            SELECT id FROM instances
            WHERE parent_instance_id = @parentInstanceId AND (@parentTokenId::text IS NULL OR parent_token_id = @parentTokenId)
              AND status NOT IN ('COMPLETED', 'CANCELLED')
            ORDER BY seq
            """,
            new { parentInstanceId, parentTokenId });

    public async Task<bool> TryUpdateJobAsync(Job job, JobStatus expectedStatus, string? expectedLockToken)
    {
        var batch = NewBatch();
        var index = batch.Add(UpdateJob, JobUpdateParameters(job, expectedStatus, expectedLockToken));
        return (await batch.ExecuteAsync(connection, transaction))[index] == 1;
    }

    public async Task<bool> SetStepHoldAsync(string instanceId, string stepId, bool held, DateTimeOffset at)
    {
        var batch = NewBatch();
        var index = batch.Add(held ? SelectorStatements.InsertHold : SelectorStatements.DeleteHold, new { instanceId, stepId, at = RowConvert.ToMillis(at) });
        return (await batch.ExecuteAsync(connection, transaction))[index] > 0;
    }

    public async Task<IReadOnlyList<Job>> ClaimJobsAsync(
        string workerId, IReadOnlyCollection<string> jobTypes, int maxJobs, DateTimeOffset now, TimeSpan? lease = null)
    {
        // Per job type, the oldest ready jobs straight from the partial index, in its order (the ready predicate is the
        // index's, word for word); then the oldest of those. (One scan over all the types would sort every ready job
        // of them on each poll.) A job that another claim holds is skipped, not waited for. The rows a type locked
        // beyond the final limit stay locked, unclaimed, until this transaction ends.
        var rows = await QueryAsync<JobRow>(
            $"""
            WITH ready AS (
                SELECT j.id FROM unnest(@jobTypes) AS t (job_type)
                CROSS JOIN LATERAL (
                    SELECT id, run_at FROM jobs
                    WHERE status = 'UNLOCKED' AND held = false AND job_type = t.job_type AND run_at <= @now
                      AND {SelectorStatements.NotOperatorHeld}
                    ORDER BY run_at LIMIT @maxJobs
                    FOR UPDATE SKIP LOCKED) AS j
                ORDER BY j.run_at LIMIT @maxJobs),
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
            });
        return rows.ConvertAll(r => r.ToJob());
    }

    public async Task<IReadOnlyDictionary<string, JsonObject>> GetVariablesAsync(IReadOnlyCollection<string> instanceIds)
    {
        var rows = await QueryAsync<(string Id, string Variables)>(
            "SELECT id, variables FROM instances WHERE id = ANY(@instanceIds)", new { instanceIds = instanceIds.ToArray() });
        return rows.ToDictionary(r => r.Id, r => RowConvert.ToObject(r.Variables)!);
    }

    public async Task AddProgressReportAsync(ProgressReport report, int keep)
    {
        var batch = NewBatch();
        batch.Add(SharedStatements.InsertProgressReport, ProgressReportRow.From(report));
        batch.Add(SharedStatements.TrimProgressReports, new { report.StepExecutionId, Keep = (long)keep });
        await batch.ExecuteAsync(connection, transaction);
    }

    public async Task<CatalogNamespace?> LoadCatalogNamespaceAsync(string @namespace)
    {
        // Publishes to one namespace take turns until they commit (a namespace published for the first time has no row to lock).
        var batch = NewBatch();
        var parameters = new { @namespace };
        batch.Add("SELECT 1 FROM pg_advisory_xact_lock(hashtext('weft.catalog'), hashtext(@namespace))", parameters);
        batch.Add(SharedStatements.SelectCatalogNamespace, parameters);
        batch.Add(SharedStatements.SelectCatalogTasks, parameters);
        await using var reader = await batch.ExecuteReaderAsync(connection, transaction);
        await StatementBatch.ReadAsync<int>(reader);
        var row = await StatementBatch.ReadAsync<CatalogNamespaceRow>(reader);
        var tasks = await StatementBatch.ReadAsync<CatalogTaskRow>(reader);
        return row is [var found] ? found.ToNamespace(tasks) : null;
    }

    public async Task SaveCatalogNamespaceAsync(CatalogNamespace @namespace)
    {
        var batch = NewBatch();
        foreach (var (sql, row) in SharedStatements.SaveCatalogNamespace(@namespace))
        {
            batch.Add(sql, row);
        }

        await batch.ExecuteAsync(connection, transaction);
    }

    public async Task RecordWorkerPollAsync(WorkerSighting sighting, DateTimeOffset forgetBefore)
    {
        var batch = NewBatch();
        batch.Add(SharedStatements.RecordWorkerPoll, WorkerRow.From(sighting));
        batch.Add(SharedStatements.ForgetWorkers, new { forgetBefore = RowConvert.ToMillis(forgetBefore) });
        await batch.ExecuteAsync(connection, transaction);
    }

    // PostgreSQL delivers a notice when (and only if) the transaction that sent it commits: they are sent just before.
    public Task NotifyJobsReadyAsync(IReadOnlyCollection<string> jobTypes)
    {
        _readyJobTypes.UnionWith(jobTypes);
        return Task.CompletedTask;
    }

    // Held until the commit: see CommitAsync.
    public Task AppendEventsAsync(IReadOnlyList<DomainEvent> events)
    {
        _events.AddRange(events);
        return Task.CompletedTask;
    }

    public Task SavepointAsync()
    {
        _eventsAtSavepoint = _events.Count;
        _fetched = null;
        _pending.Add(Savepoint);
        return Task.CompletedTask;
    }

    public Task ReleaseSavepointAsync()
    {
        _fetched = null;
        _holdsLocks = true;
        _pending.Add(Release);
        return Task.CompletedTask;
    }

    // ROLLBACK TO also ends the failed state a statement error leaves the transaction in; it keeps the savepoint,
    // which RELEASE then pops. A savepoint that was never sent has nothing to roll back.
    public async Task RollbackToSavepointAsync()
    {
        _events.RemoveRange(_eventsAtSavepoint, _events.Count - _eventsAtSavepoint);
        _fetched = null;
        if (_pending is [.., Savepoint])
        {
            _pending.RemoveAt(_pending.Count - 1);
            return;
        }

        var batch = NewBatch();
        batch.Add("ROLLBACK TO SAVEPOINT change");
        batch.Add(Release);
        await batch.ExecuteAsync(connection, transaction);
    }

    /// <summary>
    /// Sends the job-ready notices and appends the events, in one round trip, then commits. Events are appended last,
    /// under a transaction-level advisory lock held until the commit: appends take turns at the very end of their
    /// transactions, so a seq is only handed out once every transaction that took a smaller one has committed (or
    /// rolled back). A reader of <c>seq &gt; last</c> can then never see a seq while a smaller one may still commit:
    /// it skips nothing. The price is that committing transactions that wrote events wait for each other's commit.
    /// </summary>
    public async Task CommitAsync()
    {
        var payloads = JobNotices.Payloads(_readyJobTypes);
        if (payloads.Count > 0 || _events.Count > 0)
        {
            var batch = NewBatch();
            if (payloads.Count > 0)
            {
                batch.Add("SELECT pg_notify(@channel, payload) FROM unnest(@payloads) AS payload", new { channel = JobNotices.Channel, payloads = payloads.ToArray() });
            }

            if (_events.Count > 0)
            {
                batch.Add($"SELECT 1 FROM pg_advisory_xact_lock({EventsLockKey})");
                batch.Add(EventStatements.AppendPostgres, new { events = EventRow.ToJson(_events) });
                batch.Add($"SELECT pg_notify('{EventNotices.Channel}', '')");
            }

            await batch.ExecuteAsync(connection, transaction);
        }

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

    /// <summary>The queries of an instance and everything about it that can still change, read by <see cref="ReadGraphAsync"/>.</summary>
    private static void AddGraphQueries(StatementBatch batch, string instanceId, object parameters)
    {
        batch.Add($"SELECT * FROM instances WHERE id = {instanceId}", parameters);
        batch.Add($"SELECT * FROM tokens WHERE instance_id = {instanceId} AND status IN ('ACTIVE', 'WAITING', 'FORKED', 'ARRIVED', 'FAILED') ORDER BY created_at, seq", parameters);
        batch.Add($"SELECT * FROM jobs WHERE instance_id = {instanceId} AND status IN ('UNLOCKED', 'LOCKED') ORDER BY seq", parameters);
        batch.Add($"SELECT * FROM user_tasks WHERE instance_id = {instanceId} AND status = 'OPEN' ORDER BY seq", parameters);
        batch.Add($"SELECT * FROM timers WHERE instance_id = {instanceId} AND status = 'SCHEDULED' ORDER BY seq", parameters);
        batch.Add($"SELECT * FROM step_executions WHERE instance_id = {instanceId} AND status = 'RUNNING' ORDER BY seq", parameters);
    }

    private static async Task<InstanceGraph?> ReadGraphAsync(NpgsqlDataReader reader)
    {
        if (await StatementBatch.ReadAsync<InstanceRow>(reader) is not [var instance])
        {
            return null;
        }

        return new InstanceGraph(
            instance.ToInstance(),
            (await StatementBatch.ReadAsync<TokenRow>(reader)).ConvertAll(r => r.ToToken()),
            (await StatementBatch.ReadAsync<JobRow>(reader)).ConvertAll(r => r.ToJob()),
            (await StatementBatch.ReadAsync<UserTaskRow>(reader)).ConvertAll(r => r.ToUserTask()),
            (await StatementBatch.ReadAsync<TimerRow>(reader)).ConvertAll(r => r.ToTimer()),
            (await StatementBatch.ReadAsync<StepExecutionRow>(reader)).ConvertAll(r => r.ToStepExecution()));
    }

    /// <summary>A batch that first sends the savepoint statements waiting to go.</summary>
    private StatementBatch NewBatch()
    {
        _fetched = null;
        var batch = new StatementBatch();
        foreach (var sql in _pending)
        {
            batch.Add(sql);
        }

        _pending.Clear();
        return batch;
    }

    private async Task<List<T>> QueryAsync<T>(string sql, object parameters)
    {
        var batch = NewBatch();
        batch.Add(sql, parameters);
        await using var reader = await batch.ExecuteReaderAsync(connection, transaction);
        return await StatementBatch.ReadAsync<T>(reader);
    }

    private static object JobUpdateParameters(Job job, JobStatus expectedStatus, string? expectedLockToken)
    {
        var row = JobRow.From(job);
        return new
        {
            row.Id, row.StepExecutionId, row.Status, row.WorkerId, row.LockToken, row.LockedAt, row.LockExpiresAt,
            row.RetriesRemaining, row.RunAt, row.Held, row.ClaimLeaseMs, row.LastError, row.CompletionHash,
            row.ProgressPercent, row.ProgressMessage, row.ProgressAt,
            ExpectedStatus = RowConvert.ToText(expectedStatus), ExpectedLockToken = expectedLockToken,
        };
    }
}
