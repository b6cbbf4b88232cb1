using System.Data.Common;
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
    private static readonly ReadDialect Dialect = new()
    {
        Seq = "rowid",
        LikeAnyCase = "LIKE",
        ByteOrder = "",
        HasCandidateGroup = "EXISTS (SELECT 1 FROM json_each(candidate_groups) WHERE value = @candidateGroup)",

        // GLOB is SQLite's case-sensitive match with * and ?; a [ in the text is escaped as [[] so that it means itself.
        MatchesGlob = "{0} GLOB @glob",
        GlobParameter = glob => glob.Replace("[", "[[]", StringComparison.Ordinal),
        NameIsOneOf = "name IN (SELECT value FROM json_each(@names))",
        NamesParameter = names => JsonSerializer.Serialize(names),
        BeginSnapshotAsync = (connection, _) => Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true)),
    };

    private readonly SqliteFile _file;
    private readonly RowReads _reads;
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
        _reads = new RowReads(async cancellationToken => await OpenAsync(cancellationToken), Dialect);
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
        return await connection.ExecuteScalarAsync<long?>(
            $"SELECT 1 FROM jobs WHERE status = 'UNLOCKED' AND held = 0 AND job_type IN @jobTypes AND run_at <= @now AND {SelectorStatements.NotOperatorHeld} LIMIT 1",
            new { jobTypes, now = RowConvert.ToMillis(now) }) is not null;
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
}
