-- A Daily Papers page's stamps (id, modification time, members' upvotes, hidden) come off this index
-- alone: with modified_at in it, choosing a page and reading what the page is checked against
-- reads no table rows (on SQLite a week's page of 50 read 50 rows of a few kB each for it).
DROP INDEX papers_featured_rank;
CREATE INDEX papers_featured_rank ON papers (featured_on, hf_upvotes, community_upvotes, hidden_at, published_at, id, modified_at)
  WHERE featured_on IS NOT NULL;
