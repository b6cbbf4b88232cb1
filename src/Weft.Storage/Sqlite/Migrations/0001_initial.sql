-- Weft's schema, version 1. Times are Unix milliseconds (UTC); JSON documents are text.

CREATE TABLE definitions (
    id           TEXT    NOT NULL,
    version      INTEGER NOT NULL,
    name         TEXT,
    content_hash TEXT    NOT NULL,
    document     TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (id, version)
);

CREATE TABLE instances (
    id                 TEXT    NOT NULL PRIMARY KEY,
    definition_id      TEXT    NOT NULL,
    definition_version INTEGER NOT NULL,
    status             TEXT    NOT NULL,
    business_key       TEXT,
    variables          TEXT    NOT NULL,
    current_step_id    TEXT,
    failure_reason     TEXT,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    completed_at       INTEGER
);
CREATE INDEX ix_instances_definition ON instances (definition_id);
CREATE INDEX ix_instances_status ON instances (status);
CREATE INDEX ix_instances_business_key ON instances (business_key) WHERE business_key IS NOT NULL;

CREATE TABLE step_executions (
    id             TEXT    NOT NULL PRIMARY KEY,
    instance_id    TEXT    NOT NULL,
    step_id        TEXT    NOT NULL,
    step_type      TEXT    NOT NULL,
    status         TEXT    NOT NULL,
    attempt        INTEGER NOT NULL,
    input          TEXT,
    output         TEXT,
    failure_reason TEXT,
    started_at     INTEGER NOT NULL,
    completed_at   INTEGER
);
CREATE INDEX ix_step_executions_instance ON step_executions (instance_id);

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
    created_at        INTEGER NOT NULL
);
-- Polls scan only ready jobs; the sweeper scans only held leases.
CREATE INDEX ix_jobs_ready ON jobs (job_type, run_at) WHERE status = 'UNLOCKED';
CREATE INDEX ix_jobs_leases ON jobs (lock_expires_at) WHERE status = 'LOCKED';
CREATE INDEX ix_jobs_instance ON jobs (instance_id);
