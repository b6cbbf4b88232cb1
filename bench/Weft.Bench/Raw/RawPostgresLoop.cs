using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using Weft.Bench.Measuring;
using Weft.Bench.Suite;

namespace Weft.Bench.Raw;

/// <summary>
/// The limit on PostgreSQL: no Weft code, a jobs table shaped like Weft's, and <c>loops</c> connections working at
/// once. Each transaction claims up to <c>batch</c> ready jobs (UPDATE … RETURNING over a SELECT … FOR UPDATE SKIP
/// LOCKED, so the loops never wait for each other) and marks the jobs this loop claimed in its previous transaction
/// completed (guarded by their lock tokens), then commits; the statements of one transaction go in one round trip
/// (an NpgsqlBatch between BEGIN and COMMIT). Every job is claimed in one durable commit and completed in the next.
/// </summary>
public static class RawPostgresLoop
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
            locked_at         BIGINT,
            lock_expires_at   BIGINT,
            retries_remaining INTEGER NOT NULL,
            run_at            BIGINT  NOT NULL,
            lease_ms          BIGINT  NOT NULL,
            last_error        TEXT,
            completion_hash   TEXT,
            created_at        BIGINT  NOT NULL,
            token_id          TEXT    NOT NULL DEFAULT '',
            held              BOOLEAN NOT NULL DEFAULT FALSE,
            claim_lease_ms    BIGINT
        );
        CREATE INDEX ix_jobs_ready ON jobs (job_type, run_at) WHERE status = 'UNLOCKED' AND NOT held;
        CREATE INDEX ix_jobs_leases ON jobs (lock_expires_at) WHERE status = 'LOCKED';
        CREATE INDEX ix_jobs_instance ON jobs (instance_id);
        CREATE INDEX ix_jobs_open ON jobs (instance_id) WHERE status IN ('UNLOCKED', 'LOCKED');
        """;

    private const string Claim = """
        UPDATE jobs
        SET status = 'LOCKED', worker_id = $1, lock_token = md5(random()::text), locked_at = $2, lock_expires_at = $2 + lease_ms
        WHERE id IN (SELECT id FROM jobs
                     WHERE status = 'UNLOCKED' AND NOT held AND job_type = 'raw' AND run_at <= $2
                     ORDER BY run_at LIMIT $3
                     FOR UPDATE SKIP LOCKED)
        RETURNING id, lock_token
        """;

    private const string Complete = """
        UPDATE jobs SET status = 'COMPLETED', completion_hash = 'raw', lock_expires_at = NULL
        FROM unnest($1::text[], $2::text[]) AS done(id, token)
        WHERE jobs.id = done.id AND jobs.status = 'LOCKED' AND jobs.lock_token = done.token
        """;

    public static async Task<Figure> RunAsync(string id, string connectionString, int jobs, int batch, int loops, TimeSpan cap, CommitCounter commits)
    {
        var name = $"raw SQL loop, {batch} job{(batch == 1 ? "" : "s")}/commit";
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using (var schema = source.CreateCommand(Schema))
        {
            await schema.ExecuteNonQueryAsync();
        }

        await using (var preload = source.CreateCommand("""
            INSERT INTO jobs (id, instance_id, step_execution_id, step_id, job_type, status, retries_remaining, run_at, lease_ms, created_at, token_id)
            SELECT gen_random_uuid()::text, i.id, gen_random_uuid()::text, 'a', 'raw', 'UNLOCKED', 3, $2 + n / 1000, 30000, $2, i.id || '.0'
            FROM generate_series(1, $1) AS n, LATERAL (SELECT gen_random_uuid()::text AS id) AS i
            """))
        {
            preload.Parameters.Add(new() { Value = jobs });
            preload.Parameters.Add(new() { Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
            await preload.ExecuteNonQueryAsync();
        }

        await using (var analyze = source.CreateCommand("ANALYZE jobs"))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        var countCommits = await commits.StartAsync();
        var cpuBefore = ProcessStats.CurrentCpu();
        var clock = Stopwatch.StartNew();
        var done = await Task.WhenAll(Enumerable.Range(0, loops).Select(i => LoopAsync(source, $"raw-loop-{i}", batch, clock, cap)));
        var seconds = clock.Elapsed.TotalSeconds;
        var total = done.Sum();
        var cpu = ProcessStats.MsPerJob(cpuBefore, ProcessStats.CurrentCpu(), total);
        var commitsPerJob = CommitCounter.PerJob(await countCommits(), total);
        return new Figure(id, "limit", name, "jobs/s")
        {
            Value = total / seconds,
            JobsPerSecond = total / seconds,
            Jobs = total,
            Seconds = seconds,
            CommitsPerJob = commitsPerJob,
            CpuMsPerJob = cpu,
            CpuOf = "bench process (PostgreSQL's own CPU not included)",
            Note = $"{loops} connections" + (total < jobs ? $"; stopped by the {cap.TotalSeconds:0} s cap after {total:N0} of {jobs:N0} jobs" : ""),
        };
    }

    private static async Task<long> LoopAsync(NpgsqlDataSource source, string worker, int batch, Stopwatch clock, TimeSpan cap)
    {
        await using var connection = await source.OpenConnectionAsync();
        var done = 0L;
        var pending = new List<(string Id, string Token)>();
        while (true)
        {
            var claiming = clock.Elapsed < cap;
            if (!claiming && pending.Count == 0)
            {
                return done;
            }

            await using var work = new NpgsqlBatch(connection);
            work.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
            if (claiming)
            {
                work.BatchCommands.Add(new NpgsqlBatchCommand(Claim)
                {
                    Parameters = { new() { Value = worker }, new() { Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, new() { Value = batch } },
                });
            }

            if (pending.Count > 0)
            {
                work.BatchCommands.Add(new NpgsqlBatchCommand(Complete)
                {
                    Parameters =
                    {
                        new() { Value = pending.Select(p => p.Id).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                        new() { Value = pending.Select(p => p.Token).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                    },
                });
            }

            work.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
            var claimed = new List<(string Id, string Token)>(batch);
            await using (var reader = await work.ExecuteReaderAsync())
            {
                do
                {
                    while (await reader.ReadAsync())
                    {
                        claimed.Add((reader.GetString(0), reader.GetString(1)));
                    }
                }
                while (await reader.NextResultAsync());
            }

            var completed = pending.Count == 0 ? 0 : work.BatchCommands[^2].RecordsAffected;
            if (completed != pending.Count)
            {
                throw new InvalidOperationException($"{pending.Count - completed} of {pending.Count} jobs were not LOCKED with their tokens.");
            }

            done += pending.Count;
            pending = claimed;
            if (!claiming && pending.Count == 0)
            {
                return done;
            }

            if (claimed.Count == 0 && claiming)
            {
                return done; // no ready job left for this loop
            }
        }
    }
}
