using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;
using Weft.Engine.Catalog;
using Weft.Engine.Definitions;
using Weft.Engine.Events;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;
using Weft.Engine.Selectors;
using Weft.Engine.Stats;
using Weft.Engine.Storage;
using Weft.Engine.Timers;
using Weft.Engine.Tokens;
using Weft.Engine.UserTasks;
using Weft.Engine.Workers;
using Weft.Storage.Rows;

namespace Weft.Storage.Postgres;

/// <summary>
/// The store that many server nodes can share: one PostgreSQL database (the schema first on the connection's search
/// path). Each change is a transaction on a pooled connection; an instance's changes take turns on its row lock,
/// polls claim jobs with <c>SKIP LOCKED</c>, and job-ready notices travel by <c>NOTIFY</c>.
/// </summary>
public sealed class PostgresWeftStore : IWeftStore, IDisposable, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly ReadyJobListener _listener;

    static PostgresWeftStore() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    /// <param name="connectionString">An Npgsql connection string, e.g. <c>Host=db;Database=weft;Username=weft;Password=…</c>.</param>
    /// <exception cref="ArgumentException">The connection string cannot be read.</exception>
    public PostgresWeftStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            // The same few statements run for every change: PostgreSQL parses and plans each once per connection.
            builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
        }

        // Weft leaves no session state behind (its advisory locks end with their transactions): a connection handed
        // back to the pool needs no reset.
        builder.ConnectionStringBuilder.NoResetOnClose = true;

        _dataSource = builder.Build();
        _listener = new ReadyJobListener(connectionString);
        Events = new PostgresEventStore(_dataSource, _listener);
    }

    public IEventStore Events { get; }

    // A change that lost a race and would likely succeed if run again: a deadlock or serialization failure, or an
    // instance that another transaction holds (a later change of a group-committed transaction does not wait).
    public bool IsTransientFailure(Exception error) =>
        error is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.LockNotAvailable };

    // Each writer waits for the server most of the time; a few keep the connection pool and the server's cores busy.
    public int Writers => 4;

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await PostgresMigrator.MigrateAsync(connection, cancellationToken);
    }

    public async Task<IWeftTransaction> BeginAsync(CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);
            return new PostgresWeftTransaction(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<WorkflowDefinition?> GetDefinitionAsync(string id, int? version, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var document = version is null
            ? await connection.QuerySingleOrDefaultAsync<string>(
                "SELECT document FROM definitions WHERE id = @id ORDER BY version DESC LIMIT 1", new { id })
            : await connection.QuerySingleOrDefaultAsync<string>(
                "SELECT document FROM definitions WHERE id = @id AND version = @version", new { id, version = (long)version });
        return document is null ? null : JsonSerializer.Deserialize<WorkflowDefinition>(document, DefinitionJson.Options);
    }

    public async Task<PagedResult<WorkflowDefinition>> ListDefinitionsAsync(string? keyword, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        // ILIKE and byte order ("C") as SQLite's LIKE and its default collation; SQLite's LIKE folds ASCII letters only.
        const string latest = """
            FROM definitions d
            WHERE d.version = (SELECT max(version) FROM definitions WHERE id = d.id)
              AND (@pattern::text IS NULL OR d.id ILIKE @pattern ESCAPE '\' OR d.name ILIKE @pattern ESCAPE '\')
            """;
        var parameters = new { pattern = keyword is null ? null : $"%{EscapeLike(keyword)}%", size = pageSize, skip = (long)page * pageSize };
        await using var connection = await OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>($"SELECT count(*) {latest}", parameters);
        var documents = await connection.QueryAsync<string>($"SELECT d.document {latest} ORDER BY d.id COLLATE \"C\" LIMIT @size OFFSET @skip", parameters);
        var items = documents.Select(d => JsonSerializer.Deserialize<WorkflowDefinition>(d, DefinitionJson.Options)!).ToList();
        return new PagedResult<WorkflowDefinition>(items, page, pageSize, total);
    }

    public async Task<WorkflowInstance?> GetInstanceAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<InstanceRow>("SELECT * FROM instances WHERE id = @id", new { id });
        return row?.ToInstance();
    }

    public async Task<PagedResult<WorkflowInstance>> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        var where = new StringBuilder("WHERE true");
        var parameters = new DynamicParameters();
        if (query.DefinitionId is not null)
        {
            where.Append(" AND definition_id = @definitionId");
            parameters.Add("definitionId", query.DefinitionId);
        }

        if (query.Status is { } status)
        {
            where.Append(" AND status = @status");
            parameters.Add("status", RowConvert.ToText(status));
        }

        if (query.BusinessKey is not null)
        {
            where.Append(" AND business_key = @businessKey");
            parameters.Add("businessKey", query.BusinessKey);
        }

        parameters.Add("size", query.PageSize);
        parameters.Add("skip", (long)query.Page * query.PageSize);
        await using var connection = await OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM instances {where}", parameters);
        var rows = await connection.QueryAsync<InstanceRow>(
            $"SELECT * FROM instances {where} ORDER BY created_at DESC, seq DESC LIMIT @size OFFSET @skip", parameters);
        return new PagedResult<WorkflowInstance>(rows.Select(r => r.ToInstance()).ToList(), query.Page, query.PageSize, total);
    }

    public async Task<IReadOnlyList<StepExecution>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<StepExecutionRow>(
            "SELECT * FROM step_executions WHERE instance_id = @instanceId ORDER BY seq", new { instanceId });
        return rows.Select(r => r.ToStepExecution()).ToList();
    }

    public async Task<Job?> GetJobAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<JobRow>("SELECT * FROM jobs WHERE id = @id", new { id });
        return row?.ToJob();
    }

    public async Task<IReadOnlyList<Job>> ListOpenJobsAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<JobRow>(
            "SELECT * FROM jobs WHERE instance_id = @instanceId AND status IN ('UNLOCKED', 'LOCKED') ORDER BY seq", new { instanceId });
        return rows.Select(r => r.ToJob()).ToList();
    }

    public async Task<IReadOnlyList<ProgressReport>> GetProgressReportsAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ProgressReportRow>(SharedStatements.SelectProgressReports, new { instanceId });
        return rows.Select(r => r.ToReport()).ToList();
    }

    public async Task<IReadOnlyList<Job>> FindExpiredLeasesAsync(
        DateTimeOffset now, DateTimeOffset watchingSince, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<JobRow>(
            """
            SELECT * FROM jobs
            WHERE status = 'LOCKED' AND lock_expires_at < @now AND @watchingSince + coalesce(claim_lease_ms, lease_ms) < @now
            ORDER BY lock_expires_at, seq LIMIT @limit
            """,
            new { now = RowConvert.ToMillis(now), watchingSince = RowConvert.ToMillis(watchingSince), limit });
        return rows.Select(r => r.ToJob()).ToList();
    }

    public async Task<UserTask?> GetUserTaskAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<UserTaskRow>("SELECT * FROM user_tasks WHERE id = @id", new { id }))?.ToUserTask();
    }

    public async Task<PagedResult<UserTask>> ListUserTasksAsync(UserTaskQuery query, CancellationToken cancellationToken = default)
    {
        var where = new StringBuilder("WHERE true");
        var parameters = new DynamicParameters();
        if (query.InstanceId is not null)
        {
            where.Append(" AND instance_id = @instanceId");
            parameters.Add("instanceId", query.InstanceId);
        }

        if (query.Assignee is not null)
        {
            where.Append(" AND assignee = @assignee");
            parameters.Add("assignee", query.Assignee);
        }

        if (query.CandidateGroup is not null)
        {
            where.Append(" AND @candidateGroup IN (SELECT json_array_elements_text(candidate_groups::json))");
            parameters.Add("candidateGroup", query.CandidateGroup);
        }

        if (query.Status is { } status)
        {
            where.Append(" AND status = @status");
            parameters.Add("status", RowConvert.ToText(status));
        }

        parameters.Add("size", query.PageSize);
        parameters.Add("skip", (long)query.Page * query.PageSize);
        await using var connection = await OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM user_tasks {where}", parameters);
        var rows = await connection.QueryAsync<UserTaskRow>(
            $"SELECT * FROM user_tasks {where} ORDER BY created_at, seq LIMIT @size OFFSET @skip", parameters);
        return new PagedResult<UserTask>(rows.Select(r => r.ToUserTask()).ToList(), query.Page, query.PageSize, total);
    }

    public async Task<IReadOnlyList<WorkflowTimer>> FindDueTimersAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TimerRow>(
            """
            SELECT t.* FROM timers t JOIN instances i ON i.id = t.instance_id
            WHERE t.status = 'SCHEDULED' AND t.due_at <= @now AND i.status IN ('ACTIVE', 'WAITING')
            ORDER BY t.due_at, t.seq LIMIT @limit
            """,
            new { now = RowConvert.ToMillis(now), limit });
        return rows.Select(r => r.ToTimer()).ToList();
    }

    public async Task<IReadOnlyList<WorkflowInstance>> FindInstancesAsync(InstancePattern pattern, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // LIKE, unlike ILIKE, is case-sensitive like SQLite's GLOB.
        var rows = pattern.IsGlob
            ? await connection.QueryAsync<InstanceRow>(
                "SELECT * FROM instances WHERE id LIKE @like ESCAPE '\\' OR business_key LIKE @like ESCAPE '\\' ORDER BY created_at DESC, seq DESC LIMIT @limit",
                new { like = SelectorStatements.GlobToLike(pattern.Text), limit })
            : await connection.QueryAsync<InstanceRow>(
                """
                SELECT * FROM instances
                WHERE id = @text OR business_key = @text OR (length(@text) >= @minPrefix AND starts_with(id, @text))
                ORDER BY created_at DESC, seq DESC LIMIT @limit
                """,
                new { text = pattern.Text, minPrefix = InstancePattern.MinPrefixLength, limit });
        return rows.Select(r => r.ToInstance()).ToList();
    }

    public async Task<IReadOnlyList<string>> ListHeldStepsAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>(SelectorStatements.SelectHeldSteps, new { instanceId })).ToList();
    }

    public async Task<IReadOnlyList<Token>> ListTokensAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TokenRow>("SELECT * FROM tokens WHERE instance_id = @instanceId ORDER BY created_at, seq", new { instanceId });
        return rows.Select(r => r.ToToken()).ToList();
    }

    public async Task<IReadOnlyList<WorkflowTimer>> ListTimersAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TimerRow>("SELECT * FROM timers WHERE instance_id = @instanceId ORDER BY seq", new { instanceId });
        return rows.Select(r => r.ToTimer()).ToList();
    }

    public async Task<PagedResult<Job>> ListJobsAsync(JobQuery query, CancellationToken cancellationToken = default)
    {
        var (where, parameters) = SelectorStatements.JobFilter(query);
        await using var connection = await OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM jobs {where}", parameters);
        var rows = await connection.QueryAsync<JobRow>($"SELECT * FROM jobs {where} ORDER BY seq LIMIT @size OFFSET @skip", parameters);
        return new PagedResult<Job>(rows.Select(r => r.ToJob()).ToList(), query.Page, query.PageSize, total);
    }

    public async Task<WeftStats> GetStatsAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken); // one snapshot
        var instances = await connection.QueryAsync<(string Status, long Count)>(SelectorStatements.SelectInstanceCounts, transaction: transaction);
        var jobs = await connection.QueryAsync<(string JobType, long Waiting, long Locked, long Held)>(SelectorStatements.SelectJobCounts, transaction: transaction);
        var due = await connection.ExecuteScalarAsync<long>(SelectorStatements.CountTimersDue, new { now = RowConvert.ToMillis(now) }, transaction);
        return new WeftStats(
            instances.ToDictionary(r => RowConvert.ToEnum<InstanceStatus>(r.Status), r => r.Count),
            jobs.Select(j => new JobTypeStats(j.JobType, j.Waiting, j.Locked, j.Held)).ToList(),
            due);
    }

    public async Task<bool> AnyJobReadyAsync(IReadOnlyCollection<string> jobTypes, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // Per type, the first entry of the partial index. (Asked for all the types at once, the planner may pick a
        // sequential scan: a queue's statistics, taken when many jobs were ready, soon overstate how many are.)
        return await connection.ExecuteScalarAsync<bool>(
            $"""
            SELECT EXISTS (SELECT 1 FROM unnest(@jobTypes) AS t (job_type) CROSS JOIN LATERAL (
                SELECT 1 FROM jobs WHERE status = 'UNLOCKED' AND held = false AND job_type = t.job_type AND run_at <= @now
                  AND {SelectorStatements.NotOperatorHeld}
                ORDER BY run_at LIMIT 1) AS j)
            """,
            new { jobTypes = jobTypes.ToArray(), now = RowConvert.ToMillis(now) });
    }

    public async Task<IReadOnlyList<CatalogNamespace>> ListCatalogAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken); // one snapshot
        var namespaces = await connection.QueryAsync<CatalogNamespaceRow>("SELECT namespace, updated_at FROM catalog_namespaces", transaction: transaction);
        var tasks = (await connection.QueryAsync<CatalogTaskRow>("SELECT namespace, name, document FROM catalog_tasks", transaction: transaction))
            .ToLookup(t => t.Namespace, StringComparer.Ordinal);
        return namespaces.Select(n => n.ToNamespace(tasks[n.Namespace])).ToList();
    }

    public async Task<CatalogNamespace?> GetCatalogNamespaceAsync(string @namespace, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var parameters = new { @namespace };
        var row = await connection.QuerySingleOrDefaultAsync<CatalogNamespaceRow>(SharedStatements.SelectCatalogNamespace, parameters, transaction);
        return row?.ToNamespace(await connection.QueryAsync<CatalogTaskRow>(SharedStatements.SelectCatalogTasks, parameters, transaction));
    }

    public async Task<IReadOnlyList<CatalogEntry>> FindCatalogTasksAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<CatalogTaskRow>(
            "SELECT namespace, name, document FROM catalog_tasks WHERE name = ANY(@names)", new { names = names.ToArray() });
        return rows.Select(r => new CatalogEntry(r.Namespace, r.ToTask())).ToList();
    }

    public async Task<IReadOnlyList<SeenWorker>> ListWorkersAsync(DateTimeOffset polledSince, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<WorkerRow>(SharedStatements.SelectWorkers, new { since = RowConvert.ToMillis(polledSince) });
        return rows.Select(r => r.ToSeenWorker()).ToList();
    }

    public async IAsyncEnumerable<string> ListenForReadyJobsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = _listener.Subscribe();
        try
        {
            while (true)
            {
                try
                {
                    if (!await channel.Reader.WaitToReadAsync(cancellationToken))
                    {
                        yield break; // the store was disposed
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    yield break;
                }

                while (channel.Reader.TryRead(out var jobType))
                {
                    yield return jobType;
                }
            }
        }
        finally
        {
            _listener.Unsubscribe(channel);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _listener.DisposeAsync();
        await _dataSource.DisposeAsync();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) => _dataSource.OpenConnectionAsync(cancellationToken).AsTask();

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
