-- Weft's schema on PostgreSQL, version 2 (as SQLite's migration 0004): the task catalog, the workers seen polling,
-- and job progress.

-- A namespace is one worker module's part of the catalog; its tasks are rows of their own, each a JSON document.
CREATE TABLE catalog_namespaces (
    namespace  text   NOT NULL PRIMARY KEY,
    updated_at bigint NOT NULL
);
CREATE TABLE catalog_tasks (
    namespace text NOT NULL,
    name      text NOT NULL,
    document  text NOT NULL,
    PRIMARY KEY (namespace, name)
);
-- An upload looks its SERVICE_TASKs' job types up by name, in every namespace.
CREATE INDEX ix_catalog_tasks_name ON catalog_tasks (name);

-- Each worker's latest recorded poll: written at most every 30 s per node, or when its job types change.
CREATE TABLE workers (
    worker_id    text   NOT NULL PRIMARY KEY,
    job_types    text   NOT NULL, -- a JSON array
    last_poll_at bigint NOT NULL
);
CREATE INDEX ix_workers_last_poll ON workers (last_poll_at);

-- The latest progress report of a job's current attempt.
ALTER TABLE jobs ADD COLUMN progress_percent double precision;
ALTER TABLE jobs ADD COLUMN progress_message text;
ALTER TABLE jobs ADD COLUMN progress_at bigint;

-- Every progress report, the newest 100 per attempt (step execution), for the instance's history.
CREATE TABLE progress_reports (
    seq               bigint           GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id            text             NOT NULL,
    instance_id       text             NOT NULL,
    step_execution_id text             NOT NULL,
    percent           double precision NOT NULL,
    message           text,
    reported_at       bigint           NOT NULL
);
CREATE INDEX ix_progress_reports_execution ON progress_reports (step_execution_id, seq);
CREATE INDEX ix_progress_reports_instance ON progress_reports (instance_id, seq);
