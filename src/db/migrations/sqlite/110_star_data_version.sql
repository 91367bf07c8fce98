-- The star-data version: a number that moves with every write that can change what a paper's star
-- history shows (its main repository's snapshots, which repository is its main one, that
-- repository's name). Pages keep star histories and the charts drawn from them between requests
-- (web/star-memo.ts) and read this number in the statement they already make: while it is the
-- one they kept them under, they read no history rows. Written by triggers, in the writing
-- transaction, so it moves for every process's writes (a harvest, another server) and is read in
-- the same snapshot as the histories it stands for.
CREATE TABLE star_data_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  v  INTEGER NOT NULL
);
INSERT INTO star_data_version (id, v) VALUES (1, 0);

-- A repository's snapshots are its history.
CREATE TRIGGER star_snapshots_insert_version AFTER INSERT ON star_snapshots
BEGIN UPDATE star_data_version SET v = v + 1; END;
CREATE TRIGGER star_snapshots_update_version AFTER UPDATE ON star_snapshots
BEGIN UPDATE star_data_version SET v = v + 1; END;
CREATE TRIGGER star_snapshots_delete_version AFTER DELETE ON star_snapshots
BEGIN UPDATE star_data_version SET v = v + 1; END;

-- Which repositories are a paper's decides which one is its main one (repos.ts mainRepoIdOf).
CREATE TRIGGER paper_repos_insert_version AFTER INSERT ON paper_repos
BEGIN UPDATE star_data_version SET v = v + 1; END;
CREATE TRIGGER paper_repos_update_version AFTER UPDATE ON paper_repos
BEGIN UPDATE star_data_version SET v = v + 1; END;
CREATE TRIGGER paper_repos_delete_version AFTER DELETE ON paper_repos
BEGIN UPDATE star_data_version SET v = v + 1; END;

-- The main repository is the most-starred one, and the chart is titled with its name; a refresh
-- that changes neither (the same count again) does not move the version. Deleting a repository
-- deletes its links and snapshots (ON DELETE CASCADE, whose deletes fire the triggers above).
CREATE TRIGGER repos_update_version AFTER UPDATE OF stars, full_name, renamed_to ON repos
WHEN OLD.stars IS NOT NEW.stars OR OLD.full_name IS NOT NEW.full_name OR OLD.renamed_to IS NOT NEW.renamed_to
BEGIN UPDATE star_data_version SET v = v + 1; END;
