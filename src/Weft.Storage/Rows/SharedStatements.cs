using Weft.Engine.Catalog;

namespace Weft.Storage.Rows;

/// <summary>
/// The statements of the task catalog, the workers seen and progress reports that both stores run word for word,
/// with the rows that give their <c>@Name</c> parameters. Each store adds what only it needs (PostgreSQL its locks).
/// </summary>
internal static class SharedStatements
{
    public const string SelectCatalogNamespace = "SELECT namespace, updated_at FROM catalog_namespaces WHERE namespace = @namespace";

    public const string SelectCatalogTasks = "SELECT namespace, name, document FROM catalog_tasks WHERE namespace = @namespace";

    /// <summary>
    /// Records a worker's poll unless a later one is recorded: two nodes may write the same worker's polls, and the
    /// one that writes last need not have seen the later poll.
    /// </summary>
    public const string RecordWorkerPoll = """
        INSERT INTO workers (worker_id, job_types, last_poll_at) VALUES (@WorkerId, @JobTypes, @LastPollAt)
        ON CONFLICT (worker_id) DO UPDATE SET job_types = excluded.job_types, last_poll_at = excluded.last_poll_at
        WHERE workers.last_poll_at <= excluded.last_poll_at
        """;

    public const string ForgetWorkers = "DELETE FROM workers WHERE last_poll_at < @forgetBefore";

    /// <summary>The workers that polled since <c>@since</c>, each with the number of jobs it holds (one scan of the locked jobs).</summary>
    public const string SelectWorkers = """
        SELECT w.worker_id, w.job_types, w.last_poll_at, coalesce(h.held, 0) AS jobs_held
        FROM workers w
        LEFT JOIN (SELECT worker_id, count(*) AS held FROM jobs WHERE status = 'LOCKED' GROUP BY worker_id) h ON h.worker_id = w.worker_id
        WHERE w.last_poll_at >= @since
        """;

    public const string InsertProgressReport = """
        INSERT INTO progress_reports (job_id, instance_id, step_execution_id, percent, message, reported_at)
        VALUES (@JobId, @InstanceId, @StepExecutionId, @Percent, @Message, @ReportedAt)
        """;

    /// <summary>Drops the reports of <c>@StepExecutionId</c> older than its newest <c>@Keep</c>.</summary>
    public const string TrimProgressReports = """
        DELETE FROM progress_reports
        WHERE step_execution_id = @StepExecutionId
          AND seq <= (SELECT seq FROM progress_reports WHERE step_execution_id = @StepExecutionId ORDER BY seq DESC LIMIT 1 OFFSET @Keep)
        """;

    public const string SelectProgressReports =
        "SELECT job_id, instance_id, step_execution_id, percent, message, reported_at FROM progress_reports WHERE instance_id = @instanceId ORDER BY seq";

    /// <summary>The writes that make a namespace hold exactly its tasks.</summary>
    public static IEnumerable<(string Sql, object Row)> SaveCatalogNamespace(CatalogNamespace @namespace)
    {
        var row = CatalogNamespaceRow.From(@namespace);
        yield return ("""
            INSERT INTO catalog_namespaces (namespace, updated_at) VALUES (@Namespace, @UpdatedAt)
            ON CONFLICT (namespace) DO UPDATE SET updated_at = excluded.updated_at
            """, row);
        yield return ("DELETE FROM catalog_tasks WHERE namespace = @Namespace", row);
        foreach (var task in @namespace.Tasks)
        {
            yield return ("INSERT INTO catalog_tasks (namespace, name, document) VALUES (@Namespace, @Name, @Document)", CatalogTaskRow.From(@namespace.Namespace, task));
        }
    }
}
