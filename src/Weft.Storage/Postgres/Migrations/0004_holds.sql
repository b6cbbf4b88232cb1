-- Weft's schema, version 4: steps an operator holds (the hold and release commands). A held step hands out no job
-- until it is released: claims skip a job whose (instance, step) has a row here. A row may name a step the instance
-- has not reached yet; its job is then held from the moment it is created. (Version 3 is the events table.)
CREATE TABLE step_holds (
    instance_id text   NOT NULL,
    step_id     text   NOT NULL,
    held_at     bigint NOT NULL,
    PRIMARY KEY (instance_id, step_id)
);
