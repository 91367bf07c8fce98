-- Community: members and their sign-in, votes, submissions, comments, authorship, moderation.
-- Secrets (login links, session ids, API tokens) are stored only as sha256 hashes.
CREATE TABLE users (
  id          INTEGER PRIMARY KEY,
  email       TEXT NOT NULL UNIQUE,          -- lowercased
  name        TEXT NOT NULL UNIQUE,          -- public handle, lowercase [a-z0-9_-]
  role        TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'curator', 'admin')),
  banned_at   INTEGER,
  created_at  INTEGER NOT NULL
);

-- One emailed sign-in link; the account is created on its first confirmed use (see README).
CREATE TABLE login_tokens (
  token_hash  TEXT PRIMARY KEY,
  email       TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  used_at     INTEGER
);
CREATE INDEX login_tokens_expires ON login_tokens (expires_at);

CREATE TABLE sessions (
  id_hash     TEXT PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY,
  token_hash   TEXT NOT NULL UNIQUE,
  user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  last_used_at INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- One row per (member, paper); papers.community_upvotes mirrors the count, kept in the same transaction.
CREATE TABLE votes (
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  paper_id    TEXT NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (user_id, paper_id)
);
CREATE INDEX votes_paper ON votes (paper_id);
ALTER TABLE papers ADD COLUMN community_upvotes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE papers ADD COLUMN hidden_at INTEGER;

-- A paper is submitted to Daily Papers once: the primary key makes a second submission a no-op.
CREATE TABLE submissions (
  paper_id    TEXT PRIMARY KEY REFERENCES papers (id) ON DELETE CASCADE,
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  day         TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX submissions_user_day ON submissions (user_id, day);

CREATE TABLE comments (
  id          INTEGER PRIMARY KEY,
  paper_id    TEXT NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  parent_id   INTEGER REFERENCES comments (id) ON DELETE CASCADE,
  body        TEXT NOT NULL,
  html        TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  edited_at   INTEGER,
  deleted_at  INTEGER,
  hidden_at   INTEGER
);
CREATE INDEX comments_paper ON comments (paper_id, id);
CREATE INDEX comments_user ON comments (user_id);

CREATE TABLE authorship_claims (
  paper_id    TEXT NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved')),
  created_at  INTEGER NOT NULL,
  decided_at  INTEGER,
  decided_by  INTEGER REFERENCES users (id),
  PRIMARY KEY (paper_id, user_id)
);
CREATE INDEX authorship_claims_status ON authorship_claims (status, created_at);
CREATE INDEX authorship_claims_user ON authorship_claims (user_id);

-- Links set by an approved author or a curator; they replace the extracted code_urls/project_urls.
CREATE TABLE paper_link_overrides (
  paper_id    TEXT PRIMARY KEY REFERENCES papers (id) ON DELETE CASCADE,
  code_url    TEXT,
  project_url TEXT,
  set_by      INTEGER NOT NULL REFERENCES users (id),
  set_at      INTEGER NOT NULL
);

CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  actor_id    INTEGER REFERENCES users (id),
  action      TEXT NOT NULL,
  target      TEXT NOT NULL,
  reason      TEXT,
  at          INTEGER NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at DESC);
