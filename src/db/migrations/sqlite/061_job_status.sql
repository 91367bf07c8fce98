-- What an operator asks of each job (worker --status, /admin/jobs): when it last ran, whether that
-- worked, what it said, and how many runs in a row failed. A recurring job that fails is retried
-- with back-off and never given up, so a source that recovers is picked up again.
ALTER TABLE jobs ADD COLUMN last_started_at INTEGER;
ALTER TABLE jobs ADD COLUMN last_finished_at INTEGER;
ALTER TABLE jobs ADD COLUMN last_ok_at INTEGER;
ALTER TABLE jobs ADD COLUMN last_result TEXT;
ALTER TABLE jobs ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
-- Hugging Face's upvote count of a paper each time a harvest saw it changed: the difference
-- between two harvests is the upvotes cast in between, which trending counts like star velocity.
CREATE TABLE hf_upvote_history (
  paper_id TEXT NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
  at       INTEGER NOT NULL,
  upvotes  INTEGER NOT NULL,
  comments INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (paper_id, at)
);
