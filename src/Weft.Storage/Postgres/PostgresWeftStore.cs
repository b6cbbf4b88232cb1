using System.Data;
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
    private static readonly ReadDialect Dialect = new()
    {
        Seq = "seq",
        LikeAnyCase = "ILIKE",
        ByteOrder = " COLLATE \"C\"",
        HasCandidateGroup = "@candidateGroup IN (SELECT json_array_elements_text(candidate_groups::json))",

        // LIKE, unlike ILIKE, is case-sensitive like SQLite's GLOB.
        MatchesGlob = "{0} LIKE @glob ESCAPE '\\'",
        GlobParameter = SelectorStatements.GlobToLike,
        NameIsOneOf = "name = ANY(@names)",
        NamesParameter = names => names.ToArray(),
        BeginSnapshotAsync = async (connection, cancellationToken) => await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken),
    };

    private readonly NpgsqlDataSource _dataSource;
    private readonly RowReads _reads;
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
        _reads = new RowReads(async cancellationToken => await OpenAsync(cancellationToken), Dialect);
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

    public Task<WorkflowDefinition?> GetDefinitionAsync(string id, int? version, CancellationToken cancellationToken = default) =>
        _reads.GetDefinitionAsync(id, version, cancellationToken);

    public Task<PagedResult<WorkflowDefinition>> ListDefinitionsAsync(string? keyword, int page, int pageSize, CancellationToken cancellationToken = default) =>
        _reads.ListDefinitionsAsync(keyword, page, pageSize, cancellationToken);

    public Task<WorkflowInstance?> GetInstanceAsync(string id, CancellationToken cancellationToken = default) =>
        _reads.GetInstanceAsync(id, cancellationToken);

    public Task<PagedResult<WorkflowInstance>> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default) =>
        _reads.ListInstancesAsync(query, cancellationToken);

    public Task<IReadOnlyList<StepExecution>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default) =>
        _reads.GetHistoryAsync(instanceId, cancellationToken);

    public Task<Job?> GetJobAsync(string id, CancellationToken cancellationToken = default) =>
        _reads.GetJobAsync(id, cancellationToken);

    public Task<IReadOnlyList<Job>> ListOpenJobsAsync(string instanceId, CancellationToken cancellationToken = default) =>
        _reads.ListOpenJobsAsync(instanceId, cancellationToken);

    public Task<IReadOnlyList<ProgressReport>> GetProgressReportsAsync(string instanceId, CancellationToken cancellationToken = default) =>
        _reads.GetProgressReportsAsync(instanceId, cancellationToken);

    public Task<IReadOnlyList<Job>> FindExpiredLeasesAsync( DateTimeOffset now, DateTimeOffset watchingSince, int limit, CancellationToken cancellationToken = default) =>
        _reads.FindExpiredLeasesAsync(now, watchingSince, limit, cancellationToken);

    public Task<UserTask?> GetUserTaskAsync(string id, CancellationToken cancellationToken = default) =>
        _reads.GetUserTaskAsync(id, cancellationToken);

    public Task<PagedResult<UserTask>> ListUserTasksAsync(UserTaskQuery query, CancellationToken cancellationToken = default) =>
        _reads.ListUserTasksAsync(query, cancellationToken);

    public Task<IReadOnlyList<WorkflowTimer>> FindDueTimersAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        _reads.FindDueTimersAsync(now, limit, cancellationToken);

    public Task<IReadOnlyList<WorkflowInstance>> FindInstancesAsync(InstancePattern pattern, int limit, CancellationToken cancellationToken = default) =>
        _reads.FindInstancesAsync(pattern, limit, cancellationToken);

    public Task<IReadOnlyList<string>> ListHeldStepsAsync(string instanceId, CancellationToken cancellationToken = default) =>
        _reads.ListHeldStepsAsync(instanceId, cancellationToken);

    public Task<IReadOnlyList<Token>> ListTokensAsync(string instanceId, CancellationToken cancellationToken = default) =>
        _reads.ListTokensAsync(instanceId, cancellationToken);

    public Task<IReadOnlyList<WorkflowTimer>> ListTimersAsync(string instanceId, CancellationToken cancellationToken = default) =>
        _reads.ListTimersAsync(instanceId, cancellationToken);

    public Task<PagedResult<Job>> ListJobsAsync(JobQuery query, CancellationToken cancellationToken = default) =>
        _reads.ListJobsAsync(query, cancellationToken);

    public Task<WeftStats> GetStatsAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        _reads.GetStatsAsync(now, cancellationToken);

    public Task<IReadOnlyList<CatalogNamespace>> ListCatalogAsync(CancellationToken cancellationToken = default) =>
        _reads.ListCatalogAsync(cancellationToken);

    public Task<CatalogNamespace?> GetCatalogNamespaceAsync(string @namespace, CancellationToken cancellationToken = default) =>
        _reads.GetCatalogNamespaceAsync(@namespace, cancellationToken);

    public Task<IReadOnlyList<CatalogEntry>> FindCatalogTasksAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken = default) =>
        _reads.FindCatalogTasksAsync(names, cancellationToken);

    public Task<IReadOnlyList<SeenWorker>> ListWorkersAsync(DateTimeOffset polledSince, CancellationToken cancellationToken = default) =>
        _reads.ListWorkersAsync(polledSince, cancellationToken);

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

    public IAsyncEnumerable<string> ListenForReadyJobsAsync(CancellationToken cancellationToken) =>
        _listener.NoticesAsync(JobNotices.Channel, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _listener.DisposeAsync();
        await _dataSource.DisposeAsync();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) => _dataSource.OpenConnectionAsync(cancellationToken).AsTask();
}
