-- Weft's schema on PostgreSQL, the same shape as SQLite's after its migration 0003: times are Unix milliseconds
-- (UTC), JSON documents are text (jsonb would reorder their keys), enums are upper-case text. Where SQLite orders by
-- rowid (the order rows were written), a table has an identity column seq instead.

CREATE TABLE definitions (
    id           text   NOT NULL,
    version      bigint NOT NULL,
    name         text,
    content_hash text   NOT NULL,
    document     text   NOT NULL,
    created_at   bigint NOT NULL,
    PRIMARY KEY (id, version)
);

CREATE TABLE instances (
    seq                bigint GENERATED ALWAYS AS IDENTITY,
    id                 text   NOT NULL PRIMARY KEY,
    definition_id      text   NOT NULL,
    definition_version bigint NOT NULL,
    status             text   NOT NULL,
    business_key       text,
    variables          text   NOT NULL,
    current_step_ids   text   NOT NULL DEFAULT '[]',
    parent_instance_id text,
    parent_token_id    text,
    failure_reason     text,
    created_at         bigint NOT NULL,
    updated_at         bigint NOT NULL,
    completed_at       bigint
);
CREATE INDEX ix_instances_definition ON instances (definition_id);
CREATE INDEX ix_instances_status ON instances (status);
CREATE INDEX ix_instances_business_key ON instances (business_key) WHERE business_key IS NOT NULL;
CREATE INDEX ix_instances_parent ON instances (parent_instance_id) WHERE parent_instance_id IS NOT NULL;
CREATE INDEX ix_instances_created ON instances (created_at DESC, seq DESC);

CREATE TABLE tokens (
    seq             bigint GENERATED ALWAYS AS IDENTITY,
    id              text   NOT NULL PRIMARY KEY,
    instance_id     text   NOT NULL,
    step_id         text   NOT NULL,
    status          text   NOT NULL,
    parent_token_id text,
    fork_id         text,
    awaited_fork_id text,
    created_at      bigint NOT NULL,
    updated_at      bigint NOT NULL
);
-- An advance loads the tokens of one instance that can still move.
CREATE INDEX ix_tokens_live ON tokens (instance_id) WHERE status IN ('ACTIVE', 'WAITING', 'FORKED', 'ARRIVED', 'FAILED');

CREATE TABLE step_executions (
    seq            bigint GENERATED ALWAYS AS IDENTITY,
    id             text   NOT NULL PRIMARY KEY,
    instance_id    text   NOT NULL,
    token_id       text   NOT NULL DEFAULT '',
    step_id        text   NOT NULL,
    step_type      text   NOT NULL,
    status         text   NOT NULL,
    attempt        bigint NOT NULL,
    input          text,
    output         text,
    failure_reason text,
    started_at     bigint NOT NULL,
    completed_at   bigint
);
CREATE INDEX ix_step_executions_instance ON step_executions (instance_id, seq);
CREATE INDEX ix_step_executions_running ON step_executions (instance_id) WHERE status = 'RUNNING';

CREATE TABLE jobs (
    seq               bigint  GENERATED ALWAYS AS IDENTITY,
    id                text    NOT NULL PRIMARY KEY,
    instance_id       text    NOT NULL,
    token_id          text    NOT NULL DEFAULT '',
    step_execution_id text    NOT NULL,
    step_id           text    NOT NULL,
    job_type          text    NOT NULL,
    status            text    NOT NULL,
    worker_id         text,
    lock_token        text,
    locked_at         bigint,
    lock_expires_at   bigint,
    retries_remaining bigint  NOT NULL,
    run_at            bigint  NOT NULL,
    held              boolean NOT NULL DEFAULT false,
    lease_ms          bigint  NOT NULL,
    claim_lease_ms    bigint, -- the lease a poll asked for (leaseSeconds); heartbeats extend by it
    last_error        text,
    completion_hash   text,
    created_at        bigint  NOT NULL
);
-- Polls scan only ready jobs: unlocked, not held (a suspended or failed instance's jobs are held). The claim's
-- WHERE repeats this predicate word for word, so that the planner can use the index.
CREATE INDEX ix_jobs_ready ON jobs (job_type, run_at) WHERE status = 'UNLOCKED' AND held = false;
-- The sweeper scans only held leases; an advance loads the open jobs of one instance.
CREATE INDEX ix_jobs_leases ON jobs (lock_expires_at) WHERE status = 'LOCKED';
CREATE INDEX ix_jobs_open ON jobs (instance_id) WHERE status IN ('UNLOCKED', 'LOCKED');
CREATE INDEX ix_jobs_instance ON jobs (instance_id);

CREATE TABLE user_tasks (
    seq               bigint GENERATED ALWAYS AS IDENTITY,
    id                text   NOT NULL PRIMARY KEY,
    instance_id       text   NOT NULL,
    token_id          text   NOT NULL,
    step_id           text   NOT NULL,
    step_execution_id text   NOT NULL,
    name              text,
    status            text   NOT NULL,
    assignee          text,
    candidate_groups  text   NOT NULL, -- a JSON array
    created_at        bigint NOT NULL,
    completed_at      bigint,
    completed_by      text,
    result            text
);
CREATE INDEX ix_user_tasks_instance ON user_tasks (instance_id, step_id);
CREATE INDEX ix_user_tasks_open ON user_tasks (created_at) WHERE status = 'OPEN';

CREATE TABLE timers (
    seq            bigint  GENERATED ALWAYS AS IDENTITY,
    id             text    NOT NULL PRIMARY KEY,
    instance_id    text    NOT NULL,
    token_id       text    NOT NULL,
    step_id        text    NOT NULL,
    kind           text    NOT NULL,
    target_step_id text,
    interrupting   boolean NOT NULL,
    due_at         bigint  NOT NULL,
    status         text    NOT NULL,
    created_at     bigint  NOT NULL
);
-- The sweeper scans only scheduled timers, by due time; an advance loads the scheduled timers of one instance.
CREATE INDEX ix_timers_due ON timers (due_at) WHERE status = 'SCHEDULED';
CREATE INDEX ix_timers_instance ON timers (instance_id) WHERE status = 'SCHEDULED';
