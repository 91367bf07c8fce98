-- Daily Papers listings sort a range of featured days by upvotes or date, then fetch one page:
-- this covering index lets the sort run over small index entries instead of whole rows.
CREATE INDEX papers_featured_rank ON papers (featured_on, hf_upvotes, published_at, id) WHERE featured_on IS NOT NULL;
