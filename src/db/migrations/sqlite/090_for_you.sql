-- For you: members' collections of saved papers, what they follow, and the papers they passed on.
-- Together with votes these are the signals the personal feed learns from (src/foryou).
CREATE TABLE collections (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  is_public   INTEGER NOT NULL DEFAULT 0 CHECK (is_public IN (0, 1)),
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  UNIQUE (user_id, name)
);

CREATE TABLE collection_papers (
  collection_id INTEGER NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
  paper_id      TEXT NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
  note          TEXT NOT NULL DEFAULT '',
  added_at      INTEGER NOT NULL,
  PRIMARY KEY (collection_id, paper_id)
);
CREATE INDEX collection_papers_paper ON collection_papers (paper_id);
CREATE INDEX collection_papers_added ON collection_papers (collection_id, added_at DESC);

-- kind: author (a name as written on papers), category (cs.CL), keyword (a search query),
-- collection (another member's public collection id, as text).
CREATE TABLE follows (
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('author', 'category', 'keyword', 'collection')),
  target      TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (user_id, kind, target)
);
CREATE INDEX follows_target ON follows (kind, target);

-- not_interested: the member said so (a strong negative, and similar papers are hidden at once);
-- passed: shown above a paper the member acted on in their feed, and skipped (a weak negative).
CREATE TABLE paper_feedback (
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  paper_id    TEXT NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('not_interested', 'passed')),
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (user_id, paper_id)
);
