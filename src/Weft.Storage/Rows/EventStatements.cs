using System.Text;
using Dapper;
using Weft.Engine.Events;
using Weft.Engine.Instances;

namespace Weft.Storage.Rows;

/// <summary>The event table's SQL that both stores run as it is.</summary>
internal static class EventStatements
{
    /// <summary>
    /// Events that match a filter after a seq (and up to one). Whatever else it reads, it stops at the first seq a
    /// reader could not yet see: see each store for why there is none below the last it returns.
    /// </summary>
    public static (string Sql, DynamicParameters Parameters) Read(long afterSeq, long? upToSeq, EventFilter filter, int max)
    {
        var sql = new StringBuilder("SELECT * FROM events WHERE seq > @afterSeq");
        var parameters = new DynamicParameters();
        parameters.Add("afterSeq", afterSeq);
        parameters.Add("max", max);
        if (upToSeq is { } upTo)
        {
            sql.Append(" AND seq <= @upToSeq");
            parameters.Add("upToSeq", upTo);
        }

        if (filter.InstanceId is not null)
        {
            sql.Append(" AND instance_id = @instanceId");
            parameters.Add("instanceId", filter.InstanceId);
        }

        if (filter.DefinitionId is not null)
        {
            sql.Append(" AND definition_id = @definitionId");
            parameters.Add("definitionId", filter.DefinitionId);
        }

        sql.Append(" ORDER BY seq LIMIT @max");
        return (sql.ToString(), parameters);
    }

    /// <summary>The snapshot's counts by status, and its newest unfinished instances (one more than asked, to tell truncation).</summary>
    public static (string Counts, string Instances, DynamicParameters Parameters) Snapshot(EventFilter filter, int maxInstances)
    {
        var where = new StringBuilder("WHERE 1 = 1");
        var parameters = new DynamicParameters();
        if (filter.InstanceId is not null)
        {
            where.Append(" AND id = @instanceId");
            parameters.Add("instanceId", filter.InstanceId);
        }

        if (filter.DefinitionId is not null)
        {
            where.Append(" AND definition_id = @definitionId");
            parameters.Add("definitionId", filter.DefinitionId);
        }

        parameters.Add("limit", maxInstances + 1);
        return (
            $"SELECT status, count(*) AS n FROM instances {where} GROUP BY status",
            $"SELECT * FROM instances {where} AND status IN ('ACTIVE', 'WAITING', 'SUSPENDED') ORDER BY updated_at DESC, id DESC LIMIT @limit",
            parameters);
    }

    public const string Bounds = """
        SELECT coalesce((SELECT max(seq) FROM events), 0) AS high_water, (SELECT purged_through FROM event_retention WHERE id = 1) AS purged_through
        """;

    /// <summary>
    /// Appends the events of <c>@events</c> (<see cref="EventRow.ToJson"/>) in their order. An event whose change did
    /// not load its instance takes the instance's definition here.
    /// </summary>
    public const string AppendSqlite = """
        INSERT INTO events (at, topic, kind, instance_id, definition_id, step_id, entity_id, data)
        SELECT json_extract(e.value, '$.at'), json_extract(e.value, '$.topic'), json_extract(e.value, '$.kind'),
               json_extract(e.value, '$.instanceId'),
               coalesce(json_extract(e.value, '$.definitionId'), (SELECT i.definition_id FROM instances i WHERE i.id = json_extract(e.value, '$.instanceId')), ''),
               json_extract(e.value, '$.stepId'), json_extract(e.value, '$.entityId'), json_extract(e.value, '$.data')
        FROM json_each(@events) AS e ORDER BY e.key
        """;

    /// <summary>As <see cref="AppendSqlite"/>, on PostgreSQL.</summary>
    public const string AppendPostgres = """
        INSERT INTO events (at, topic, kind, instance_id, definition_id, step_id, entity_id, data)
        SELECT (e.doc->>'at')::bigint, e.doc->>'topic', e.doc->>'kind', e.doc->>'instanceId',
               coalesce(e.doc->>'definitionId', (SELECT i.definition_id FROM instances i WHERE i.id = e.doc->>'instanceId'), ''),
               e.doc->>'stepId', e.doc->>'entityId', (e.doc->'data')::text
        FROM jsonb_array_elements(@events::jsonb) WITH ORDINALITY AS e (doc, n) ORDER BY e.n
        """;

    /// <summary>
    /// Moves the retention mark to the last of the oldest <c>@batch</c> events at or below the last one made before
    /// <c>@before</c>; <see cref="DeleteThroughMarkSqlite"/> then deletes what is below it, so that the events kept
    /// are always all those after a seq.
    /// </summary>
    public const string MarkSqlite = """
        UPDATE event_retention
        SET purged_through = max(purged_through, coalesce((
            SELECT max(seq) FROM (SELECT seq FROM events WHERE seq <= (SELECT max(seq) FROM events WHERE at < @before) ORDER BY seq LIMIT @batch)), 0))
        WHERE id = 1
        """;

    public const string DeleteThroughMarkSqlite = "DELETE FROM events WHERE seq <= (SELECT purged_through FROM event_retention WHERE id = 1)";

    /// <summary>As <see cref="MarkSqlite"/> and <see cref="DeleteThroughMarkSqlite"/> in one statement, on PostgreSQL.</summary>
    public const string DeleteOlderPostgres = """
        WITH through AS (
            SELECT max(seq) AS seq FROM (
                SELECT seq FROM events WHERE seq <= (SELECT max(seq) FROM events WHERE at < @before) ORDER BY seq LIMIT @batch) AS oldest),
        mark AS (
            UPDATE event_retention SET purged_through = greatest(purged_through, (SELECT seq FROM through))
            WHERE id = 1 AND (SELECT seq FROM through) IS NOT NULL)
        DELETE FROM events WHERE seq <= (SELECT seq FROM through)
        """;

    public const string Counts = """
        SELECT status AS what, count(*) AS n FROM instances GROUP BY status
        UNION ALL SELECT 'jobs.' || status, count(*) FROM jobs WHERE status IN ('UNLOCKED', 'LOCKED') GROUP BY status
        UNION ALL SELECT 'timers.due', count(*) FROM timers WHERE status = 'SCHEDULED' AND due_at <= @now
        """;

    public static EventSnapshot ToSnapshot(long highWater, IEnumerable<(string Status, long N)> counts, IReadOnlyList<InstanceRow> rows, int maxInstances) =>
        new(
            highWater,
            counts.ToDictionary(c => RowConvert.ToEnum<InstanceStatus>(c.Status), c => c.N),
            rows.Take(maxInstances).Select(r => r.ToInstance()).Select(i => new SnapshotInstance(i.Id, i.DefinitionId, i.BusinessKey, i.Status, i.CurrentStepIds, i.UpdatedAt)).ToList(),
            rows.Count > maxInstances);

    public static StoreCounts ToCounts(IEnumerable<(string What, long N)> rows)
    {
        var instances = new Dictionary<InstanceStatus, long>();
        long waiting = 0, locked = 0, due = 0;
        foreach (var (what, n) in rows)
        {
            switch (what)
            {
                case "jobs.UNLOCKED": waiting = n; break;
                case "jobs.LOCKED": locked = n; break;
                case "timers.due": due = n; break;
                default: instances[RowConvert.ToEnum<InstanceStatus>(what)] = n; break;
            }
        }

        return new StoreCounts(instances, waiting, locked, due);
    }
}
