-- Token buckets of the per-client rate limits, shared by every web process of one database so N
-- processes allow the budget of one. `allowed` is the verdict of the bucket's latest take.
CREATE TABLE rate_limit_buckets (
  bucket     TEXT PRIMARY KEY,
  tokens     DOUBLE PRECISION NOT NULL,
  allowed    INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX rate_limit_buckets_updated ON rate_limit_buckets (updated_at);
