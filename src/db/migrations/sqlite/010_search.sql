-- Search: the built-in embedder's trained model, stored so a restart does not retrain it.
-- The keyword and vector indexes themselves are derived in memory from papers (see src/search/).
-- A model is a JSON header (part 0) plus base64 chunks of its float arrays (parts 1..n).
CREATE TABLE search_models (
  name       TEXT NOT NULL,
  part       INTEGER NOT NULL,
  data       TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (name, part)
);
