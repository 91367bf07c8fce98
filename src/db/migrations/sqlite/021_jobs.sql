-- A durable job queue shared by worker processes. A worker claims a due job by setting locked_by
-- and a lease (locked_until); a worker that dies stops renewing its lease and the job becomes
-- claimable again when the lease runs out. Recurring jobs are one row each (unique_key = name),
-- re-armed every_ms with a later run_at when they finish.
CREATE TABLE jobs (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  payload      TEXT NOT NULL DEFAULT '{}',
  unique_key   TEXT UNIQUE,
  run_at       INTEGER NOT NULL,
  locked_by    TEXT,
  locked_until INTEGER,
  attempts     INTEGER NOT NULL DEFAULT 0,
  -- recurring jobs: re-armed this many ms after each run; NULL for one-off jobs
  every_ms     INTEGER,
  last_error   TEXT,
  done_at      INTEGER,
  created_at   INTEGER NOT NULL
);
CREATE INDEX jobs_due ON jobs (run_at, id) WHERE done_at IS NULL;
