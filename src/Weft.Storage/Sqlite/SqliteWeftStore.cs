using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
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

namespace Weft.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Writers take turns in this process (one write transaction at
/// a time, <c>BEGIN IMMEDIATE</c>) on one connection kept open; readers run beside them on pooled connections.
/// </summary>
public sealed class SqliteWeftStore : IWeftStore, IDisposable
{
    private readonly SqliteFile _file;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    // The writer's connection, opened and set up once, and its prepared statements; only the holder of the write gate
    // uses them.
    private SqliteConnection? _writer;
    private PreparedStatements? _statements;

    static SqliteWeftStore() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    /// <param name="path">The database file; created when missing.</param>
    public SqliteWeftStore(string path)
    {
        _file = new SqliteFile(path);
        Events = new SqliteEventStore(_file, BeginAsync);
    }

    public IEventStore Events { get; }

    public string Path => _file.Path;

    // One writer at a time in this process, behind the write gate: no transaction ever loses a race to another.
    public bool IsTransientFailure(Exception error) => false;

    public int Writers => 1;

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL");
        await SqliteMigrator.MigrateAsync(connection, cancellationToken);
    }

    public async Task<IWeftTransaction> BeginAsync(CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            if (_writer is null)
            {
                _writer = await _file.OpenAsync(cancellationToken);
                _statements = new PreparedStatements(_writer);
            }

            _statements!.Execute("BEGIN IMMEDIATE");
            return new SqliteWeftTransaction(_writer, _statements, EndTransaction);
        }
        catch
        {
            DropWriter();
            _writeGate.Release();
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
                "SELECT document FROM definitions WHERE id = @id AND version = @version", new { id, version });
        return document is null ? null : JsonSerializer.Deserialize<WorkflowDefinition>(document, DefinitionJson.Options);
    }

    public async Task<PagedResult<WorkflowDefinition>> ListDefinitionsAsync(string? keyword, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        const string latest = """
            FROM definitions d
            WHERE d.version = (SELECT max(version) FROM definitions WHERE id = d.id)
              AND (@pattern IS NULL OR d.id LIKE @pattern ESCAPE '\' OR d.name LIKE @pattern ESCAPE '\')
            """;
        var parameters = new { pattern = keyword is null ? null : $"%{EscapeLike(keyword)}%", size = pageSize, skip = (long)page * pageSize };
        await using var connection = await OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>($"SELECT count(*) {latest}", parameters);
        var documents = await connection.QueryAsync<string>($"SELECT d.document {latest} ORDER BY d.id LIMIT @size OFFSET @skip", parameters);
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
        var where = new StringBuilder("WHERE 1 = 1");
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
            $"SELECT * FROM instances {where} ORDER BY created_at DESC, rowid DESC LIMIT @size OFFSET @skip", parameters);
        return new PagedResult<WorkflowInstance>(rows.Select(r => r.ToInstance()).ToList(), query.Page, query.PageSize, total);
    }

    public async Task<IReadOnlyList<StepExecution>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<StepExecutionRow>(
            "SELECT * FROM step_executions WHERE instance_id = @instanceId ORDER BY rowid", new { instanceId });
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
            "SELECT * FROM jobs WHERE instance_id = @instanceId AND status IN ('UNLOCKED', 'LOCKED') ORDER BY rowid", new { instanceId });
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
            ORDER BY lock_expires_at LIMIT @limit
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
        var where = new StringBuilder("WHERE 1 = 1");
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
            where.Append(" AND EXISTS (SELECT 1 FROM json_each(candidate_groups) WHERE value = @candidateGroup)");
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
            $"SELECT * FROM user_tasks {where} ORDER BY created_at, rowid LIMIT @size OFFSET @skip", parameters);
        return new PagedResult<UserTask>(rows.Select(r => r.ToUserTask()).ToList(), query.Page, query.PageSize, total);
    }

    public async Task<IReadOnlyList<WorkflowTimer>> FindDueTimersAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TimerRow>(
            """
            SELECT t.* FROM timers t JOIN instances i ON i.id = t.instance_id
            WHERE t.status = 'SCHEDULED' AND t.due_at <= @now AND i.status IN ('ACTIVE', 'WAITING')
            ORDER BY t.due_at LIMIT @limit
            """,
            new { now = RowConvert.ToMillis(now), limit });
        return rows.Select(r => r.ToTimer()).ToList();
    }

    public async Task<IReadOnlyList<WorkflowInstance>> FindInstancesAsync(InstancePattern pattern, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // GLOB is SQLite's case-sensitive match with * and ?; a [ in the text is escaped as [[] so that it means itself.
        var rows = pattern.IsGlob
            ? await connection.QueryAsync<InstanceRow>(
                "SELECT * FROM instances WHERE id GLOB @glob OR business_key GLOB @glob ORDER BY created_at DESC, rowid DESC LIMIT @limit",
                new { glob = pattern.Text.Replace("[", "[[]", StringComparison.Ordinal), limit })
            : await connection.QueryAsync<InstanceRow>(
                """
                SELECT * FROM instances
                WHERE id = @text OR business_key = @text OR (length(@text) >= @minPrefix AND substr(id, 1, length(@text)) = @text)
                ORDER BY created_at DESC, rowid DESC LIMIT @limit
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
        var rows = await connection.QueryAsync<TokenRow>("SELECT * FROM tokens WHERE instance_id = @instanceId ORDER BY created_at, rowid", new { instanceId });
        return rows.Select(r => r.ToToken()).ToList();
    }

    public async Task<IReadOnlyList<WorkflowTimer>> ListTimersAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TimerRow>("SELECT * FROM timers WHERE instance_id = @instanceId ORDER BY rowid", new { instanceId });
        return rows.Select(r => r.ToTimer()).ToList();
    }

    public async Task<PagedResult<Job>> ListJobsAsync(JobQuery query, CancellationToken cancellationToken = default)
    {
        var (where, parameters) = SelectorStatements.JobFilter(query);
        await using var connection = await OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM jobs {where}", parameters);
        var rows = await connection.QueryAsync<JobRow>($"SELECT * FROM jobs {where} ORDER BY rowid LIMIT @size OFFSET @skip", parameters);
        return new PagedResult<Job>(rows.Select(r => r.ToJob()).ToList(), query.Page, query.PageSize, total);
    }

    public async Task<WeftStats> GetStatsAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: true); // one snapshot of the three counts
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
        return await connection.ExecuteScalarAsync<long?>(
            $"SELECT 1 FROM jobs WHERE status = 'UNLOCKED' AND held = 0 AND job_type IN @jobTypes AND run_at <= @now AND {SelectorStatements.NotOperatorHeld} LIMIT 1",
            new { jobTypes, now = RowConvert.ToMillis(now) }) is not null;
    }

    public async Task<IReadOnlyList<CatalogNamespace>> ListCatalogAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: true); // one snapshot of both tables, and no write lock
        var namespaces = await connection.QueryAsync<CatalogNamespaceRow>("SELECT namespace, updated_at FROM catalog_namespaces", transaction: transaction);
        var tasks = (await connection.QueryAsync<CatalogTaskRow>("SELECT namespace, name, document FROM catalog_tasks", transaction: transaction))
            .ToLookup(t => t.Namespace, StringComparer.Ordinal);
        return namespaces.Select(n => n.ToNamespace(tasks[n.Namespace])).ToList();
    }

    public async Task<CatalogNamespace?> GetCatalogNamespaceAsync(string @namespace, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: true);
        var parameters = new { @namespace };
        var row = await connection.QuerySingleOrDefaultAsync<CatalogNamespaceRow>(SharedStatements.SelectCatalogNamespace, parameters, transaction);
        return row?.ToNamespace(await connection.QueryAsync<CatalogTaskRow>(SharedStatements.SelectCatalogTasks, parameters, transaction));
    }

    public async Task<IReadOnlyList<CatalogEntry>> FindCatalogTasksAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<CatalogTaskRow>(
            "SELECT namespace, name, document FROM catalog_tasks WHERE name IN (SELECT value FROM json_each(@names))",
            new { names = JsonSerializer.Serialize(names) });
        return rows.Select(r => new CatalogEntry(r.Namespace, r.ToTask())).ToList();
    }

    public async Task<IReadOnlyList<SeenWorker>> ListWorkersAsync(DateTimeOffset polledSince, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<WorkerRow>(SharedStatements.SelectWorkers, new { since = RowConvert.ToMillis(polledSince) });
        return rows.Select(r => r.ToSeenWorker()).ToList();
    }

    // One process owns the file; there is nobody else to hear from.
    public async IAsyncEnumerable<string> ListenForReadyJobsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        yield break;
    }

    public void Dispose()
    {
        // A write still running (a background record of a poll, say) ends before its connection and statements go.
        var idle = _writeGate.Wait(TimeSpan.FromSeconds(30));
        DropWriter();
        if (idle)
        {
            _writeGate.Release();
        }

        _file.ClearPool();
        _writeGate.Dispose();
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => _file.OpenForReadingAsync(cancellationToken);

    /// <summary>Called by the transaction when it is over: the writer's connection stays open unless it broke.</summary>
    private void EndTransaction(bool connectionBroken)
    {
        if (connectionBroken)
        {
            DropWriter();
        }

        _writeGate.Release();
    }

    private void DropWriter()
    {
        _statements?.Dispose();
        _statements = null;
        _writer?.Dispose();
        _writer = null;
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
