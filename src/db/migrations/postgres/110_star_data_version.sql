-- The star-data version: a number that moves with every write that can change what a paper's star
-- history shows (its main repository's snapshots, which repository is its main one, that
-- repository's name). Pages keep star histories and the charts drawn from them between requests
-- (web/star-memo.ts) and read this number in the statement they already make: while it is the
-- one they kept them under, they read no history rows. Written by triggers, in the writing
-- transaction, so it moves for every process's writes (a harvest, another server) and is read in
-- the same snapshot as the histories it stands for.
CREATE TABLE star_data_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  v  BIGINT NOT NULL
);
INSERT INTO star_data_version (id, v) VALUES (1, 0);

-- Once per statement that wrote rows (a harvest writes hundreds of snapshots or links in one
-- statement; a statement that wrote none, such as links already there, changes nothing). The
-- version's row stays locked until the writer commits: writers of star data take turns there.
CREATE FUNCTION star_data_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM written) THEN
    UPDATE star_data_version SET v = v + 1;
  END IF;
  RETURN NULL;
END $$;

-- TRUNCATE has no rows to look at: it always moves the version.
CREATE FUNCTION star_data_version_bump_always() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE star_data_version SET v = v + 1;
  RETURN NULL;
END $$;

-- A repository's snapshots are its history. (A trigger with a transition table has one event.)
CREATE TRIGGER star_snapshots_insert_version AFTER INSERT ON star_snapshots
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION star_data_version_bump();
CREATE TRIGGER star_snapshots_update_version AFTER UPDATE ON star_snapshots
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION star_data_version_bump();
CREATE TRIGGER star_snapshots_delete_version AFTER DELETE ON star_snapshots
  REFERENCING OLD TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION star_data_version_bump();
CREATE TRIGGER star_snapshots_truncate_version AFTER TRUNCATE ON star_snapshots
  FOR EACH STATEMENT EXECUTE FUNCTION star_data_version_bump_always();

-- Which repositories are a paper's decides which one is its main one (repos.ts mainRepoIdOf).
CREATE TRIGGER paper_repos_insert_version AFTER INSERT ON paper_repos
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION star_data_version_bump();
CREATE TRIGGER paper_repos_update_version AFTER UPDATE ON paper_repos
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION star_data_version_bump();
CREATE TRIGGER paper_repos_delete_version AFTER DELETE ON paper_repos
  REFERENCING OLD TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION star_data_version_bump();
CREATE TRIGGER paper_repos_truncate_version AFTER TRUNCATE ON paper_repos
  FOR EACH STATEMENT EXECUTE FUNCTION star_data_version_bump_always();

-- The main repository is the most-starred one, and the chart is titled with its name; a refresh
-- that changes neither (the same count again) does not move the version. Repository updates are
-- one row per statement (store/repos.ts updateRepoCheck). Deleting a repository deletes its links
-- and snapshots (ON DELETE CASCADE, whose deletes fire the triggers above).
CREATE TRIGGER repos_update_version AFTER UPDATE OF stars, full_name, renamed_to ON repos
  FOR EACH ROW
  WHEN (OLD.stars IS DISTINCT FROM NEW.stars OR OLD.full_name IS DISTINCT FROM NEW.full_name OR OLD.renamed_to IS DISTINCT FROM NEW.renamed_to)
  EXECUTE FUNCTION star_data_version_bump_always();
