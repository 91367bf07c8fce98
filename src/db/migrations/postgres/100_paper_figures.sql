-- Figures: what Hugging Face names for a paper (its thumbnail, its organisation and that
-- organisation's avatar), and the pictures we fetched or generated from them, stored here so
-- visitors' browsers only ever load images from this site.
ALTER TABLE papers ADD COLUMN thumbnail_url TEXT;
ALTER TABLE papers ADD COLUMN organization TEXT;

-- One row per picture we serve and each size of it; `subject` is `paper:ID` or `org:NAME`.
CREATE TABLE images (
  subject      TEXT NOT NULL,
  variant      TEXT NOT NULL,
  content_type TEXT NOT NULL,
  body         BYTEA NOT NULL,
  etag         TEXT NOT NULL,
  PRIMARY KEY (subject, variant)
);

-- Where each subject's picture came from, so the job fetches it once and again only when the
-- source changes (a thumbnail named later replaces a generated cover). source_url '' = generated.
CREATE TABLE image_sources (
  subject    TEXT PRIMARY KEY,
  source_url TEXT NOT NULL,
  made_at    BIGINT NOT NULL,
  error      TEXT
);
