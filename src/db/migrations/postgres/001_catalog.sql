-- The paper catalog: one row per arXiv id (without version), merged from every source seen.
-- Lists (authors, categories, versions, links, keywords) are JSON text: they are read and written
-- whole with the paper, never queried inside, except categories, mirrored in paper_categories.
CREATE TABLE papers (
  id               TEXT PRIMARY KEY,
  version          INTEGER NOT NULL DEFAULT 0,
  versions         TEXT NOT NULL DEFAULT '[]',
  title            TEXT NOT NULL,
  abstract         TEXT NOT NULL DEFAULT '',
  authors          TEXT NOT NULL DEFAULT '[]',
  categories       TEXT NOT NULL DEFAULT '[]',
  primary_category TEXT,
  comments         TEXT,
  journal_ref      TEXT,
  doi              TEXT,
  license          TEXT,
  published_at     BIGINT,
  updated_at       BIGINT,
  code_urls        TEXT NOT NULL DEFAULT '[]',
  project_urls     TEXT NOT NULL DEFAULT '[]',
  source           TEXT NOT NULL,
  -- Facts from Hugging Face Daily Papers (or our own curation).
  featured_on      TEXT,
  submitted_by     TEXT,
  hf_upvotes       INTEGER NOT NULL DEFAULT 0,
  hf_comments      INTEGER NOT NULL DEFAULT 0,
  hf_stars         INTEGER,
  ai_keywords      TEXT NOT NULL DEFAULT '[]',
  ai_summary       TEXT,
  -- Hash of the merged record: a re-import that changes nothing writes nothing.
  content_hash     TEXT NOT NULL,
  created_at       BIGINT NOT NULL,
  modified_at      BIGINT NOT NULL
);
CREATE INDEX papers_published_at ON papers (published_at DESC NULLS LAST, id);
CREATE INDEX papers_featured_on ON papers (featured_on, hf_upvotes DESC) WHERE featured_on IS NOT NULL;
CREATE INDEX papers_modified_at ON papers (modified_at);

-- One row per (category, paper), with the paper's date copied so a category listing is one index range.
CREATE TABLE paper_categories (
  category     TEXT NOT NULL,
  paper_id     TEXT NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
  is_primary   INTEGER NOT NULL DEFAULT 0,
  published_at BIGINT,
  PRIMARY KEY (category, paper_id)
);
CREATE INDEX paper_categories_by_date ON paper_categories (category, published_at DESC NULLS LAST);
CREATE INDEX paper_categories_paper ON paper_categories (paper_id);

-- Where a harvest stopped: the OAI-PMH resumption token survives a crash.
CREATE TABLE harvest_state (
  name        TEXT PRIMARY KEY,
  params      TEXT NOT NULL,
  token       TEXT,
  harvested   BIGINT NOT NULL DEFAULT 0,
  updated_at  BIGINT NOT NULL
);
