-- Hugging Face's account facts about a featured paper (submitter profile, organization, authors'
-- claimed accounts, exact submission time) as JSON, read whole with the paper, so the Hugging
-- Face-compatible API can answer them. Filled by the next import of Daily Papers.
ALTER TABLE papers ADD COLUMN hf_profiles TEXT;
-- list_daily_papers(submitter=…): one submitter's papers, by day.
CREATE INDEX papers_submitted_by ON papers (submitted_by, featured_on) WHERE submitted_by IS NOT NULL;
