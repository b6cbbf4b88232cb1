using System.Data.Common;
using System.Text;
using System.Text.Json;
using Dapper;
using Weft.Engine.Catalog;
using Weft.Engine.Definitions;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;
using Weft.Engine.Selectors;
using Weft.Engine.Stats;
using Weft.Engine.Storage;
using Weft.Engine.Timers;
using Weft.Engine.Tokens;
using Weft.Engine.UserTasks;
using Weft.Engine.Workers;

namespace Weft.Storage.Rows;

/// <summary>
/// The reads of <see cref="IWeftStore"/> that both stores make with the same SQL but for a few words of dialect
/// (<see cref="ReadDialect"/>), each on a connection of its own. The reads counterpart of <see cref="RowWrites"/>.
/// </summary>
internal sealed class RowReads(Func<CancellationToken, Task<DbConnection>> open, ReadDialect dialect)
{
    public async Task<WorkflowDefinition?> GetDefinitionAsync(string id, int? version, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        var document = version is null
            ? await connection.QuerySingleOrDefaultAsync<string>(
                "SELECT document FROM definitions WHERE id = @id ORDER BY version DESC LIMIT 1", new { id })
            : await connection.QuerySingleOrDefaultAsync<string>(
                "SELECT document FROM definitions WHERE id = @id AND version = @version", new { id, version = (long)version });
        return document is null ? null : JsonSerializer.Deserialize<WorkflowDefinition>(document, DefinitionJson.Options);
    }

    public async Task<PagedResult<WorkflowDefinition>> ListDefinitionsAsync(string? keyword, int page, int pageSize, CancellationToken cancellationToken)
    {
        // A keyword matches ignoring the case of ASCII letters, and the list is in byte order, on both stores.
        var latest = $"""
            FROM definitions d
            WHERE d.version = (SELECT max(version) FROM definitions WHERE id = d.id)
              AND (CAST(@pattern AS TEXT) IS NULL OR d.id {dialect.LikeAnyCase} @pattern ESCAPE '\' OR d.name {dialect.LikeAnyCase} @pattern ESCAPE '\')
            """;
        var parameters = new { pattern = keyword is null ? null : $"%{EscapeLike(keyword)}%", size = pageSize, skip = (long)page * pageSize };
        await using var connection = await open(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>($"SELECT count(*) {latest}", parameters);
        var documents = await connection.QueryAsync<string>($"SELECT d.document {latest} ORDER BY d.id{dialect.ByteOrder} LIMIT @size OFFSET @skip", parameters);
        var items = documents.Select(d => JsonSerializer.Deserialize<WorkflowDefinition>(d, DefinitionJson.Options)!).ToList();
        return new PagedResult<WorkflowDefinition>(items, page, pageSize, total);
    }

    public async Task<WorkflowInstance?> GetInstanceAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<InstanceRow>("SELECT * FROM instances WHERE id = @id", new { id });
        return row?.ToInstance();
    }

    public async Task<PagedResult<WorkflowInstance>> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken)
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
        await using var connection = await open(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM instances {where}", parameters);
        var rows = await connection.QueryAsync<InstanceRow>(
            $"SELECT * FROM instances {where} ORDER BY created_at DESC, {dialect.Seq} DESC LIMIT @size OFFSET @skip", parameters);
        return new PagedResult<WorkflowInstance>(rows.Select(r => r.ToInstance()).ToList(), query.Page, query.PageSize, total);
    }

    public async Task<IReadOnlyList<StepExecution>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        var rows = await connection.QueryAsync<StepExecutionRow>(
            $"SELECT * FROM step_executions WHERE instance_id = @instanceId ORDER BY {dialect.Seq}", new { instanceId });
        return rows.Select(r => r.ToStepExecution()).ToList();
    }

    public async Task<Job?> GetJobAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<JobRow>("SELECT * FROM jobs WHERE id = @id", new { id });
        return row?.ToJob();
    }

    public async Task<IReadOnlyList<Job>> ListOpenJobsAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        var rows = await connection.QueryAsync<JobRow>(
            $"SELECT * FROM jobs WHERE instance_id = @instanceId AND status IN ('UNLOCKED', 'LOCKED') ORDER BY {dialect.Seq}", new { instanceId });
        return rows.Select(r => r.ToJob()).ToList();
    }

    public async Task<IReadOnlyList<ProgressReport>> GetProgressReportsAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        var rows = await connection.QueryAsync<ProgressReportRow>(SharedStatements.SelectProgressReports, new { instanceId });
        return rows.Select(r => r.ToReport()).ToList();
    }

    public async Task<IReadOnlyList<Job>> FindExpiredLeasesAsync(DateTimeOffset now, DateTimeOffset watchingSince, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        var rows = await connection.QueryAsync<JobRow>(
            $"""
            SELECT * FROM jobs
            WHERE status = 'LOCKED' AND lock_expires_at < @now AND @watchingSince + coalesce(claim_lease_ms, lease_ms) < @now
            ORDER BY lock_expires_at, {dialect.Seq} LIMIT @limit
            """,
            new { now = RowConvert.ToMillis(now), watchingSince = RowConvert.ToMillis(watchingSince), limit });
        return rows.Select(r => r.ToJob()).ToList();
    }

    public async Task<UserTask?> GetUserTaskAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<UserTaskRow>("SELECT * FROM user_tasks WHERE id = @id", new { id }))?.ToUserTask();
    }

    public async Task<PagedResult<UserTask>> ListUserTasksAsync(UserTaskQuery query, CancellationToken cancellationToken)
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
            where.Append(" AND ").Append(dialect.HasCandidateGroup);
            parameters.Add("candidateGroup", query.CandidateGroup);
        }

        if (query.Status is { } status)
        {
            where.Append(" AND status = @status");
            parameters.Add("status", RowConvert.ToText(status));
        }

        parameters.Add("size", query.PageSize);
        parameters.Add("skip", (long)query.Page * query.PageSize);
        await using var connection = await open(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM user_tasks {where}", parameters);
        var rows = await connection.QueryAsync<UserTaskRow>(
            $"SELECT * FROM user_tasks {where} ORDER BY created_at, {dialect.Seq} LIMIT @size OFFSET @skip", parameters);
        return new PagedResult<UserTask>(rows.Select(r => r.ToUserTask()).ToList(), query.Page, query.PageSize, total);
    }

    public async Task<IReadOnlyList<WorkflowTimer>> FindDueTimersAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        var rows = await connection.QueryAsync<TimerRow>(
            $"""
            SELECT t.* FROM timers t JOIN instances i ON i.id = t.instance_id
            WHERE t.status = 'SCHEDULED' AND t.due_at <= @now AND i.status IN ('ACTIVE', 'WAITING')
            ORDER BY t.due_at, t.{dialect.Seq} LIMIT @limit
            """,
            new { now = RowConvert.ToMillis(now), limit });
        return rows.Select(r => r.ToTimer()).ToList();
    }

    public async Task<IReadOnlyList<WorkflowInstance>> FindInstancesAsync(InstancePattern pattern, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        var rows = pattern.IsGlob
            ? await connection.QueryAsync<InstanceRow>(
                $"""
                SELECT * FROM instances WHERE {string.Format(dialect.MatchesGlob, "id")} OR {string.Format(dialect.MatchesGlob, "business_key")}
                ORDER BY created_at DESC, {dialect.Seq} DESC LIMIT @limit
                """,
                new { glob = dialect.GlobParameter(pattern.Text), limit })
            : await connection.QueryAsync<InstanceRow>(
                $"""
                SELECT * FROM instances
                WHERE id = @text OR business_key = @text OR (length(@text) >= @minPrefix AND substr(id, 1, length(@text)) = @text)
                ORDER BY created_at DESC, {dialect.Seq} DESC LIMIT @limit
                """,
                new { text = pattern.Text, minPrefix = InstancePattern.MinPrefixLength, limit });
        return rows.Select(r => r.ToInstance()).ToList();
    }

    public async Task<IReadOnlyList<string>> ListHeldStepsAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        return (await connection.QueryAsync<string>(SelectorStatements.SelectHeldSteps, new { instanceId })).ToList();
    }

    public async Task<IReadOnlyList<Token>> ListTokensAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        var rows = await connection.QueryAsync<TokenRow>(
            $"SELECT * FROM tokens WHERE instance_id = @instanceId ORDER BY created_at, {dialect.Seq}", new { instanceId });
        return rows.Select(r => r.ToToken()).ToList();
    }

    public async Task<IReadOnlyList<WorkflowTimer>> ListTimersAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        var rows = await connection.QueryAsync<TimerRow>($"SELECT * FROM timers WHERE instance_id = @instanceId ORDER BY {dialect.Seq}", new { instanceId });
        return rows.Select(r => r.ToTimer()).ToList();
    }

    public async Task<PagedResult<Job>> ListJobsAsync(JobQuery query, CancellationToken cancellationToken)
    {
        var (where, parameters) = SelectorStatements.JobFilter(query);
        await using var connection = await open(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM jobs {where}", parameters);
        var rows = await connection.QueryAsync<JobRow>($"SELECT * FROM jobs {where} ORDER BY {dialect.Seq} LIMIT @size OFFSET @skip", parameters);
        return new PagedResult<Job>(rows.Select(r => r.ToJob()).ToList(), query.Page, query.PageSize, total);
    }

    public async Task<WeftStats> GetStatsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        await using var transaction = await dialect.BeginSnapshotAsync(connection, cancellationToken); // one snapshot of the three counts
        var instances = await connection.QueryAsync<(string Status, long Count)>(SelectorStatements.SelectInstanceCounts, transaction: transaction);
        var jobs = await connection.QueryAsync<(string JobType, long Waiting, long Locked, long Held)>(SelectorStatements.SelectJobCounts, transaction: transaction);
        var due = await connection.ExecuteScalarAsync<long>(SelectorStatements.CountTimersDue, new { now = RowConvert.ToMillis(now) }, transaction);
        return new WeftStats(
            instances.ToDictionary(r => RowConvert.ToEnum<InstanceStatus>(r.Status), r => r.Count),
            jobs.Select(j => new JobTypeStats(j.JobType, j.Waiting, j.Locked, j.Held)).ToList(),
            due);
    }

    public async Task<IReadOnlyList<CatalogNamespace>> ListCatalogAsync(CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        await using var transaction = await dialect.BeginSnapshotAsync(connection, cancellationToken); // one snapshot of both tables
        var namespaces = await connection.QueryAsync<CatalogNamespaceRow>("SELECT namespace, updated_at FROM catalog_namespaces", transaction: transaction);
        var tasks = (await connection.QueryAsync<CatalogTaskRow>("SELECT namespace, name, document FROM catalog_tasks", transaction: transaction))
            .ToLookup(t => t.Namespace, StringComparer.Ordinal);
        return namespaces.Select(n => n.ToNamespace(tasks[n.Namespace])).ToList();
    }

    public async Task<CatalogNamespace?> GetCatalogNamespaceAsync(string @namespace, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        await using var transaction = await dialect.BeginSnapshotAsync(connection, cancellationToken);
        var parameters = new { @namespace };
        var row = await connection.QuerySingleOrDefaultAsync<CatalogNamespaceRow>(SharedStatements.SelectCatalogNamespace, parameters, transaction);
        return row?.ToNamespace(await connection.QueryAsync<CatalogTaskRow>(SharedStatements.SelectCatalogTasks, parameters, transaction));
    }

    public async Task<IReadOnlyList<CatalogEntry>> FindCatalogTasksAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        var rows = await connection.QueryAsync<CatalogTaskRow>(
            $"SELECT namespace, name, document FROM catalog_tasks WHERE {dialect.NameIsOneOf}", new { names = dialect.NamesParameter(names) });
        return rows.Select(r => new CatalogEntry(r.Namespace, r.ToTask())).ToList();
    }

    public async Task<IReadOnlyList<SeenWorker>> ListWorkersAsync(DateTimeOffset polledSince, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        var rows = await connection.QueryAsync<WorkerRow>(SharedStatements.SelectWorkers, new { since = RowConvert.ToMillis(polledSince) });
        return rows.Select(r => r.ToSeenWorker()).ToList();
    }

    /// <summary><paramref name="text"/> as itself in a LIKE pattern with <c>ESCAPE '\'</c>.</summary>
    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
