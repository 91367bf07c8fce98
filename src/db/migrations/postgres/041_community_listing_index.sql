-- The Daily Papers listing sorts by Hugging Face + members' upvotes and leaves hidden papers out:
-- this covering index replaces 030's so choosing a page's ids still reads only index entries.
DROP INDEX papers_featured_rank;
CREATE INDEX papers_featured_rank ON papers (featured_on, hf_upvotes, community_upvotes, hidden_at, published_at, id)
  WHERE featured_on IS NOT NULL;
