-- Weft's schema, version 3: the whole workflow language. An instance holds tokens (one per path it is on); step
-- executions and jobs point at their token; user tasks and timers are rows of their own.

CREATE TABLE tokens (
    id              TEXT    NOT NULL PRIMARY KEY,
    instance_id     TEXT    NOT NULL,
    step_id         TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    parent_token_id TEXT,
    fork_id         TEXT,
    awaited_fork_id TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
-- An advance loads the tokens of one instance that can still move.
CREATE INDEX ix_tokens_live ON tokens (instance_id) WHERE status IN ('ACTIVE', 'WAITING', 'FORKED', 'ARRIVED', 'FAILED');

ALTER TABLE instances ADD COLUMN current_step_ids TEXT NOT NULL DEFAULT '[]';
ALTER TABLE instances ADD COLUMN parent_instance_id TEXT;
ALTER TABLE instances ADD COLUMN parent_token_id TEXT;
UPDATE instances SET current_step_ids = json_array(current_step_id) WHERE current_step_id IS NOT NULL;
ALTER TABLE instances DROP COLUMN current_step_id;
CREATE INDEX ix_instances_parent ON instances (parent_instance_id) WHERE parent_instance_id IS NOT NULL;

ALTER TABLE step_executions ADD COLUMN token_id TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN token_id TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN claim_lease_ms INTEGER; -- the lease a poll asked for (leaseSeconds); heartbeats extend by it

-- Instances of version 1 were at one step at a time: each gets one token there, in the state its status implies.
INSERT INTO tokens (id, instance_id, step_id, status, created_at, updated_at)
SELECT id || '.0', id, json_extract(current_step_ids, '$[0]'),
       CASE status WHEN 'ACTIVE' THEN 'ACTIVE' WHEN 'WAITING' THEN 'WAITING' WHEN 'FAILED' THEN 'FAILED'
                   WHEN 'COMPLETED' THEN 'COMPLETED' ELSE 'CANCELLED' END,
       created_at, updated_at
FROM instances WHERE json_extract(current_step_ids, '$[0]') IS NOT NULL;
UPDATE step_executions SET token_id = instance_id || '.0';
UPDATE jobs SET token_id = instance_id || '.0';

-- Polls scan only ready jobs: unlocked, not held (a suspended or failed instance's jobs are held).
DROP INDEX ix_jobs_ready;
CREATE INDEX ix_jobs_ready ON jobs (job_type, run_at) WHERE status = 'UNLOCKED' AND held = 0;
CREATE INDEX ix_jobs_open ON jobs (instance_id) WHERE status IN ('UNLOCKED', 'LOCKED');
CREATE INDEX ix_step_executions_running ON step_executions (instance_id) WHERE status = 'RUNNING';

CREATE TABLE user_tasks (
    id                TEXT    NOT NULL PRIMARY KEY,
    instance_id       TEXT    NOT NULL,
    token_id          TEXT    NOT NULL,
    step_id           TEXT    NOT NULL,
    step_execution_id TEXT    NOT NULL,
    name              TEXT,
    status            TEXT    NOT NULL,
    assignee          TEXT,
    candidate_groups  TEXT    NOT NULL, -- a JSON array
    created_at        INTEGER NOT NULL,
    completed_at      INTEGER,
    completed_by      TEXT,
    result            TEXT
);
CREATE INDEX ix_user_tasks_instance ON user_tasks (instance_id, step_id);
CREATE INDEX ix_user_tasks_open ON user_tasks (created_at) WHERE status = 'OPEN';

CREATE TABLE timers (
    id             TEXT    NOT NULL PRIMARY KEY,
    instance_id    TEXT    NOT NULL,
    token_id       TEXT    NOT NULL,
    step_id        TEXT    NOT NULL,
    kind           TEXT    NOT NULL,
    target_step_id TEXT,
    interrupting   INTEGER NOT NULL,
    due_at         INTEGER NOT NULL,
    status         TEXT    NOT NULL,
    created_at     INTEGER NOT NULL
);
-- The sweeper scans only scheduled timers, by due time; an advance loads the scheduled timers of one instance.
CREATE INDEX ix_timers_due ON timers (due_at) WHERE status = 'SCHEDULED';
CREATE INDEX ix_timers_instance ON timers (instance_id) WHERE status = 'SCHEDULED';
