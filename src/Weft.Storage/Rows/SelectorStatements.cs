using Weft.Engine.Jobs;

namespace Weft.Storage.Rows;

/// <summary>
/// The statements of holds, selectors, stats and the instance reads of GraphQL that both stores run word for word.
/// </summary>
internal static class SelectorStatements
{
    /// <summary>
    /// Matches a job whose step an operator holds; claims and the ready check add it to their ready predicate. A
    /// primary-key probe per candidate job.
    /// </summary>
    public const string NotOperatorHeld =
        "NOT EXISTS (SELECT 1 FROM step_holds h WHERE h.instance_id = jobs.instance_id AND h.step_id = jobs.step_id)";

    public const string InsertHold =
        "INSERT INTO step_holds (instance_id, step_id, held_at) VALUES (@instanceId, @stepId, @at) ON CONFLICT (instance_id, step_id) DO NOTHING";

    public const string DeleteHold = "DELETE FROM step_holds WHERE instance_id = @instanceId AND step_id = @stepId";

    public const string SelectHeldSteps = "SELECT step_id FROM step_holds WHERE instance_id = @instanceId ORDER BY held_at, step_id";

    public const string SelectInstanceCounts = "SELECT status, count(*) AS count FROM instances GROUP BY status";

    /// <summary>Open jobs per type: waiting (ready now or after a backoff), locked, and held (paused instance or operator hold).</summary>
    public const string SelectJobCounts = $"""
        SELECT job_type,
               sum(CASE WHEN status = 'UNLOCKED' AND NOT held AND {NotOperatorHeld} THEN 1 ELSE 0 END) AS waiting,
               sum(CASE WHEN status = 'LOCKED' THEN 1 ELSE 0 END) AS locked,
               sum(CASE WHEN status = 'UNLOCKED' AND (held OR NOT {NotOperatorHeld}) THEN 1 ELSE 0 END) AS held
        FROM jobs WHERE status IN ('UNLOCKED', 'LOCKED')
        GROUP BY job_type ORDER BY job_type
        """;

    public const string CountTimersDue = """
        SELECT count(*) FROM timers t JOIN instances i ON i.id = t.instance_id
        WHERE t.status = 'SCHEDULED' AND t.due_at <= @now AND i.status IN ('ACTIVE', 'WAITING')
        """;

    /// <summary>The WHERE clause and parameters of a job listing.</summary>
    public static (string Where, Dapper.DynamicParameters Parameters) JobFilter(JobQuery query)
    {
        var where = new System.Text.StringBuilder("WHERE 1 = 1");
        var parameters = new Dapper.DynamicParameters();
        if (query.InstanceId is not null)
        {
            where.Append(" AND instance_id = @instanceId");
            parameters.Add("instanceId", query.InstanceId);
        }

        if (query.Status is { } status)
        {
            where.Append(" AND status = @status");
            parameters.Add("status", RowConvert.ToText(status));
        }

        if (query.JobType is not null)
        {
            where.Append(" AND job_type = @jobType");
            parameters.Add("jobType", query.JobType);
        }

        parameters.Add("size", query.PageSize);
        parameters.Add("skip", (long)query.Page * query.PageSize);
        return (where.ToString(), parameters);
    }

    /// <summary>A glob (<c>*</c>, <c>?</c>) as a LIKE pattern with <c>\</c> as its escape.</summary>
    public static string GlobToLike(string glob)
    {
        var like = new System.Text.StringBuilder(glob.Length + 8);
        foreach (var c in glob)
        {
            like.Append(c switch
            {
                '*' => "%",
                '?' => "_",
                '%' or '_' or '\\' => $"\\{c}",
                _ => c.ToString(),
            });
        }

        return like.ToString();
    }
}
