-- Trending: code repositories and their star history, upvote counts, and the stored scores.

-- One row per GitHub repository a paper links to; `url` is the lower-cased canonical URL (GitHub
-- names are case-insensitive), `full_name` as GitHub spells it.
CREATE TABLE repos (
  id           INTEGER PRIMARY KEY,
  url          TEXT NOT NULL UNIQUE,
  full_name    TEXT NOT NULL,
  -- pending (never checked), ok, renamed (GitHub answered 301: see renamed_to), gone (404/451)
  status       TEXT NOT NULL DEFAULT 'pending',
  renamed_to   TEXT,
  stars        INTEGER,
  etag         TEXT,
  last_checked INTEGER,
  created_at   INTEGER NOT NULL
);
CREATE INDEX repos_last_checked ON repos (last_checked, id);

-- Which papers link to which repositories (from papers.code_urls).
CREATE TABLE paper_repos (
  paper_id TEXT NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
  repo_id  INTEGER NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
  PRIMARY KEY (paper_id, repo_id)
);
CREATE INDEX paper_repos_repo ON paper_repos (repo_id);

-- A repository's star count at a moment: from a refresh, from a source (Hugging Face's
-- githubStars at featured time) or rebuilt from /stargazers starred_at times.
CREATE TABLE star_snapshots (
  repo_id INTEGER NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
  at      INTEGER NOT NULL,
  stars   INTEGER NOT NULL,
  source  TEXT NOT NULL,
  PRIMARY KEY (repo_id, at)
);
-- The recompute starts from the snapshots inside the window: a range of this index.
CREATE INDEX star_snapshots_at ON star_snapshots (at, repo_id);

-- Upvotes as counts per (paper, source, time bucket): votes on this site add to an hourly bucket,
-- Hugging Face's upvotes count once, on the day the paper was featured.
CREATE TABLE upvote_tallies (
  paper_id  TEXT NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
  source    TEXT NOT NULL,
  bucket_at INTEGER NOT NULL,
  votes     INTEGER NOT NULL,
  PRIMARY KEY (paper_id, source, bucket_at)
);
CREATE INDEX upvote_tallies_at ON upvote_tallies (bucket_at, paper_id);

-- The current score of every paper with activity, per window (day, week, month). Derived data:
-- `paperboy trending --recompute` rebuilds it. Only scores above 0 are stored.
CREATE TABLE trending_scores (
  span        TEXT NOT NULL,
  paper_id    TEXT NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
  score       REAL NOT NULL,
  star_delta  INTEGER,
  stars_total INTEGER,
  upvotes     INTEGER NOT NULL,
  age_ms      INTEGER NOT NULL,
  as_of       INTEGER NOT NULL,
  PRIMARY KEY (span, paper_id)
);
CREATE INDEX trending_scores_rank ON trending_scores (span, score DESC, paper_id);

-- When each window was last recomputed in full, and as of when.
CREATE TABLE trending_runs (
  span        TEXT PRIMARY KEY,
  as_of       INTEGER NOT NULL,
  computed_at INTEGER NOT NULL,
  papers      INTEGER NOT NULL
);

-- Keyset cursors of incremental passes over the catalog (linking papers to repositories).
CREATE TABLE sync_cursors (
  name     TEXT PRIMARY KEY,
  after_at INTEGER NOT NULL,
  after_id TEXT NOT NULL
);
