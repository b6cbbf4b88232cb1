using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Weft.Bench.Measuring;
using Weft.Bench.Suite;

namespace Weft.Bench.Raw;

/// <summary>
/// The limit on SQLite: no Weft code, one connection (SQLite has one writer at a time; Weft funnels its writes
/// through one connection too), WAL with synchronous=FULL like Weft, and a jobs table shaped like Weft's (same
/// columns and indexes). Each transaction claims up to <c>batch</c> ready jobs with Weft's claim statement (an
/// UPDATE … RETURNING of the oldest ready jobs) and marks the jobs claimed by the previous transaction completed
/// (one guarded UPDATE per job, as a worker's completion would), then commits: every job is claimed in one durable
/// commit and completed in the next, and a commit carries <c>batch</c> claims and <c>batch</c> completions.
/// </summary>
public static class RawSqliteLoop
{
    private const string Schema = """
        CREATE TABLE jobs (
            id                TEXT    NOT NULL PRIMARY KEY,
            instance_id       TEXT    NOT NULL,
            step_execution_id TEXT    NOT NULL,
            step_id           TEXT    NOT NULL,
            job_type          TEXT    NOT NULL,
            status            TEXT    NOT NULL,
            worker_id         TEXT,
            lock_token        TEXT,
            locked_at         INTEGER,
            lock_expires_at   INTEGER,
            retries_remaining INTEGER NOT NULL,
            run_at            INTEGER NOT NULL,
            lease_ms          INTEGER NOT NULL,
            last_error        TEXT,
            completion_hash   TEXT,
            created_at        INTEGER NOT NULL,
            token_id          TEXT    NOT NULL DEFAULT '',
            held              INTEGER NOT NULL DEFAULT 0,
            claim_lease_ms    INTEGER
        );
        CREATE INDEX ix_jobs_ready ON jobs (job_type, run_at) WHERE status = 'UNLOCKED' AND held = 0;
        CREATE INDEX ix_jobs_leases ON jobs (lock_expires_at) WHERE status = 'LOCKED';
        CREATE INDEX ix_jobs_instance ON jobs (instance_id);
        CREATE INDEX ix_jobs_open ON jobs (instance_id) WHERE status IN ('UNLOCKED', 'LOCKED');
        """;

    private const string Claim = """
        UPDATE jobs
        SET status = 'LOCKED', worker_id = $worker, lock_token = lower(hex(randomblob(16))),
            locked_at = $now, lock_expires_at = $now + lease_ms
        WHERE rowid IN (SELECT rowid FROM jobs
                        WHERE status = 'UNLOCKED' AND held = 0 AND job_type = 'raw' AND run_at <= $now
                        ORDER BY run_at LIMIT $batch)
          AND status = 'UNLOCKED'
        RETURNING id, lock_token
        """;

    private const string Complete = """
        UPDATE jobs SET status = 'COMPLETED', completion_hash = 'raw', lock_expires_at = NULL
        WHERE id = $id AND status = 'LOCKED' AND lock_token = $token
        """;

    public static async Task<Figure> RunAsync(string id, string path, int jobs, int batch, TimeSpan cap)
    {
        var name = $"raw SQL loop, {batch} job{(batch == 1 ? "" : "s")}/commit";
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
        Execute(connection, Schema);
        Preload(connection, jobs);

        using var claim = Command(connection, Claim, ("$worker", "raw-loop"), ("$now", 0L), ("$batch", batch));
        using var complete = Command(connection, Complete, ("$id", ""), ("$token", ""));
        using var begin = Command(connection, "BEGIN IMMEDIATE");
        using var commit = Command(connection, "COMMIT");

        var countCommits = await new SqliteCommitCounter(path).StartAsync();
        var cpuBefore = ProcessStats.CurrentCpu();
        var clock = Stopwatch.StartNew();
        var done = 0L;
        var pending = new List<(string Id, string Token)>();
        while (true)
        {
            var claiming = clock.Elapsed < cap;
            if (!claiming && pending.Count == 0)
            {
                break;
            }

            begin.ExecuteNonQuery();
            var claimed = new List<(string Id, string Token)>(batch);
            if (claiming)
            {
                claim.Parameters["$now"].Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                using var reader = claim.ExecuteReader();
                while (reader.Read())
                {
                    claimed.Add((reader.GetString(0), reader.GetString(1)));
                }
            }

            foreach (var (jobId, token) in pending)
            {
                complete.Parameters["$id"].Value = jobId;
                complete.Parameters["$token"].Value = token;
                if (complete.ExecuteNonQuery() != 1)
                {
                    throw new InvalidOperationException($"Job {jobId} was not LOCKED with its token.");
                }
            }

            commit.ExecuteNonQuery();
            done += pending.Count;
            pending = claimed;
            if (pending.Count == 0 && done >= jobs)
            {
                break;
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = ProcessStats.MsPerJob(cpuBefore, ProcessStats.CurrentCpu(), done);
        var commits = CommitCounter.PerJob(await countCommits(), done);
        return new Figure(id, "limit", name, "jobs/s")
        {
            Value = done / seconds,
            JobsPerSecond = done / seconds,
            Jobs = done,
            Seconds = seconds,
            CommitsPerJob = commits,
            CpuMsPerJob = cpu,
            CpuOf = "bench process (SQLite runs in it)",
            Note = done < jobs ? $"stopped by the {cap.TotalSeconds:0} s cap after {done:N0} of {jobs:N0} jobs" : null,
        };
    }

    private static void Preload(SqliteConnection connection, int jobs)
    {
        using var transaction = connection.BeginTransaction();
        using var insert = Command(connection, """
            INSERT INTO jobs (id, instance_id, step_execution_id, step_id, job_type, status, retries_remaining, run_at, lease_ms, created_at, token_id)
            VALUES ($id, $instance, $execution, 'a', 'raw', 'UNLOCKED', 3, $now, 30000, $now, $instance || '.0')
            """, ("$id", ""), ("$instance", ""), ("$execution", ""), ("$now", 0L));
        insert.Transaction = transaction;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var i = 0; i < jobs; i++)
        {
            insert.Parameters["$id"].Value = Guid.CreateVersion7().ToString();
            insert.Parameters["$instance"].Value = Guid.CreateVersion7().ToString();
            insert.Parameters["$execution"].Value = Guid.CreateVersion7().ToString();
            insert.Parameters["$now"].Value = now + (i / 1000); // run_at grows a little, as jobs made over time do
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        Execute(connection, "ANALYZE");
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = Command(connection, sql);
        command.ExecuteNonQuery();
    }
}
