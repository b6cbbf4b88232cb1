-- Weft now refuses durations over 100 years at upload. Jobs created before from longer step timeouts could never be
-- polled (their lease end overflowed); shorten their lease to the new maximum, 100 years of 36,525 days.
UPDATE jobs SET lease_ms = 3155760000000 WHERE lease_ms > 3155760000000;
