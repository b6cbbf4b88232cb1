-- Weft's schema on PostgreSQL, version 3 (as SQLite's migration 0005): the event table, which every change appends
-- its domain events to (GET /v1/events).

-- seq is commit order: a transaction appends its events last, under an advisory lock it holds until it commits
-- (see PostgresWeftTransaction.CommitAsync), so a seq is only handed out once every smaller one is committed or gone.
CREATE TABLE events (
    seq           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at            bigint NOT NULL,
    topic         text   NOT NULL,
    kind          text   NOT NULL,
    instance_id   text   NOT NULL,
    definition_id text   NOT NULL,
    step_id       text,
    entity_id     text   NOT NULL,
    data          text   NOT NULL -- a small JSON object
);
CREATE INDEX ix_events_instance ON events (instance_id, seq);
CREATE INDEX ix_events_definition ON events (definition_id, seq);
CREATE INDEX ix_events_at ON events (at);

-- The last seq retention deleted: a reader that resumes below it missed events.
CREATE TABLE event_retention (
    id             int    NOT NULL PRIMARY KEY CHECK (id = 1),
    purged_through bigint NOT NULL
);
INSERT INTO event_retention (id, purged_through) VALUES (1, 0);
