-- Weft's schema, version 6: steps an operator holds (the hold and release commands). A held step hands out no job
-- until it is released: claims skip a job whose (instance, step) has a row here. A row may name a step the instance
-- has not reached yet; its job is then held from the moment it is created. (Version 5 is the events table.)
CREATE TABLE step_holds (
    instance_id TEXT    NOT NULL,
    step_id     TEXT    NOT NULL,
    held_at     INTEGER NOT NULL,
    PRIMARY KEY (instance_id, step_id)
);
