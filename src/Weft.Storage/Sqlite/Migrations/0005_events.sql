-- Weft's schema, version 5: the event table, which every change appends its domain events to (GET /v1/events).

-- seq is commit order: SQLite has one writer, and AUTOINCREMENT never hands out a seq twice, even after deletes.
CREATE TABLE events (
    seq           INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    at            INTEGER NOT NULL,
    topic         TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    instance_id   TEXT    NOT NULL,
    definition_id TEXT    NOT NULL,
    step_id       TEXT,
    entity_id     TEXT    NOT NULL,
    data          TEXT    NOT NULL -- a small JSON object
);
CREATE INDEX ix_events_instance ON events (instance_id, seq);
CREATE INDEX ix_events_definition ON events (definition_id, seq);
CREATE INDEX ix_events_at ON events (at);

-- The last seq retention deleted: a reader that resumes below it missed events.
CREATE TABLE event_retention (
    id             INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    purged_through INTEGER NOT NULL
);
INSERT INTO event_retention (id, purged_through) VALUES (1, 0);
