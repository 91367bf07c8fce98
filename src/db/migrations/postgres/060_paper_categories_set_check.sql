-- paper_categories mirrors papers.categories and is written only by the catalog upsert, in the
-- same transaction as its paper. Its row-by-row foreign key took more than half of a bulk
-- import's category writes (each check is a query that locks the paper row: 1.1 s of 2.0 s for
-- the 104k category rows of arxiv-cs). It is replaced by the same guarantee checked once per
-- statement over all the rows it wrote, and a statement-level cascade for deleted papers.
ALTER TABLE paper_categories DROP CONSTRAINT paper_categories_paper_id_fkey;

CREATE FUNCTION paper_categories_paper_exists() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing TEXT;
BEGIN
  SELECT n.paper_id INTO missing FROM paper_categories_written n
    WHERE NOT EXISTS (SELECT 1 FROM papers p WHERE p.id = n.paper_id) LIMIT 1;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'paper_categories: no paper %', missing USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER paper_categories_insert_check AFTER INSERT ON paper_categories
  REFERENCING NEW TABLE AS paper_categories_written
  FOR EACH STATEMENT EXECUTE FUNCTION paper_categories_paper_exists();
CREATE TRIGGER paper_categories_update_check AFTER UPDATE ON paper_categories
  REFERENCING NEW TABLE AS paper_categories_written
  FOR EACH STATEMENT EXECUTE FUNCTION paper_categories_paper_exists();

CREATE FUNCTION papers_delete_categories() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM paper_categories WHERE paper_id IN (SELECT id FROM papers_deleted);
  RETURN NULL;
END $$;

CREATE TRIGGER papers_delete_cascade_categories AFTER DELETE ON papers
  REFERENCING OLD TABLE AS papers_deleted
  FOR EACH STATEMENT EXECUTE FUNCTION papers_delete_categories();
