// SQL for code repositories: the repository list, paper links, star snapshots and upvote tallies.
import { sql, bulk, join, raw, type Db, type Sql } from '../db/db.ts';

export type RepoStatus = 'pending' | 'ok' | 'renamed' | 'gone';

export interface RepoRow {
  id: number;
  url: string;
  full_name: string;
  status: RepoStatus;
  renamed_to: string | null;
  stars: number | null;
  etag: string | null;
  last_checked: number | null;
}

export interface StarSnapshot {
  repoId: number;
  at: number;
  stars: number;
  /** `github` (a refresh), `hf` (Hugging Face's count at featured time), `stargazers` (backfill). */
  source: string;
}

const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Adds repositories not yet known; returns the id of every given URL. */
export async function upsertRepos(db: Db, repos: readonly { url: string; fullName: string }[], now = Date.now()): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const unique = [...new Map(repos.map((r) => [r.url, r])).values()];
  for (const part of chunks(unique)) {
    await db.run(sql`INSERT INTO repos (url, full_name, created_at)
      VALUES ${bulk(part.map((r) => [r.url, r.fullName, now]))} ON CONFLICT (url) DO NOTHING`);
    const rows = await db.all<{ id: number; url: string }>(sql`SELECT id, url FROM repos WHERE url IN (${join(part.map((r) => r.url))})`);
    for (const r of rows) ids.set(r.url, Number(r.id));
  }
  return ids;
}

export async function linkPaperRepos(db: Db, links: readonly { paperId: string; repoId: number }[]): Promise<void> {
  for (const part of chunks(links)) {
    await db.run(sql`INSERT INTO paper_repos (paper_id, repo_id) VALUES ${bulk(part.map((l) => [l.paperId, l.repoId]))}
      ON CONFLICT DO NOTHING`);
  }
}

/**
 * One row per key, the last given winning. PostgreSQL refuses a multi-row `INSERT … ON CONFLICT DO
 * UPDATE` that touches one key twice ("cannot affect row a second time"), and SQLite would apply
 * both; either way a batch must name each key once.
 */
function lastPerKey<T>(rows: readonly T[], key: (row: T) => string): T[] {
  return [...new Map(rows.map((r) => [key(r), r])).values()];
}

/**
 * Records star counts; a second snapshot of a repository at the same instant replaces the first.
 * Two papers sharing a repository both bring Hugging Face's count on their featured day, so a
 * batch may name one (repository, instant) twice: the larger count is kept.
 */
export async function addStarSnapshots(db: Db, snapshots: readonly StarSnapshot[]): Promise<void> {
  const sorted = [...snapshots].sort((a, b) => a.stars - b.stars);
  for (const part of chunks(lastPerKey(sorted, (s) => `${s.repoId}:${s.at}`))) {
    await db.run(sql`INSERT INTO star_snapshots (repo_id, at, stars, source)
      VALUES ${bulk(part.map((s) => [s.repoId, s.at, s.stars, s.source]))}
      ON CONFLICT (repo_id, at) DO UPDATE SET stars = excluded.stars, source = excluded.source`);
  }
}

/** Sets a source's upvote count for a paper in one bucket (Hugging Face's count on its featured day). */
export async function setUpvoteTallies(db: Db, tallies: readonly { paperId: string; source: string; at: number; votes: number }[]): Promise<void> {
  for (const part of chunks(lastPerKey(tallies, (t) => `${t.paperId}:${t.source}:${t.at}`))) {
    await db.run(sql`INSERT INTO upvote_tallies (paper_id, source, bucket_at, votes)
      VALUES ${bulk(part.map((t) => [t.paperId, t.source, t.at, t.votes]))}
      ON CONFLICT (paper_id, source, bucket_at) DO UPDATE SET votes = excluded.votes`);
  }
}

const HOUR_MS = 3_600_000;

/**
 * Adds `delta` upvotes (−1 for a withdrawn vote) at time `at` to the paper's hourly bucket for
 * `source`: how votes on this site feed trending. Call updateTrendingForPaper afterwards.
 */
export async function addUpvotes(db: Db, paperId: string, at: number, delta: number, source = 'site'): Promise<void> {
  const bucket = Math.floor(at / HOUR_MS) * HOUR_MS;
  await db.run(sql`INSERT INTO upvote_tallies (paper_id, source, bucket_at, votes) VALUES (${paperId}, ${source}, ${bucket}, ${delta})
    ON CONFLICT (paper_id, source, bucket_at) DO UPDATE SET votes = upvote_tallies.votes + excluded.votes`);
}

export async function getRepoByUrl(db: Db, url: string): Promise<RepoRow | undefined> {
  return db.get<RepoRow>(sql`SELECT id, url, full_name, status, renamed_to, stars, etag, last_checked FROM repos WHERE url = ${url}`);
}

/** Repository ids in id order after `afterId`, not gone: how a refresh pass splits the list into batches. */
export async function listRepoIdsAfter(db: Db, afterId: number, limit: number): Promise<number[]> {
  const rows = await db.all<{ id: number }>(sql`SELECT id FROM repos WHERE id > ${afterId} AND status <> 'gone' ORDER BY id LIMIT ${limit}`);
  return rows.map((r) => Number(r.id));
}

/** Repositories (not gone) of papers published or featured since `since`, in id order. */
export async function listRecentPaperRepoIds(db: Db, since: number): Promise<number[]> {
  const sinceDay = new Date(since).toISOString().slice(0, 10);
  const rows = await db.all<{ id: number }>(sql`SELECT DISTINCT r.id FROM papers p
    JOIN paper_repos pr ON pr.paper_id = p.id JOIN repos r ON r.id = pr.repo_id
    WHERE (p.published_at >= ${since} OR p.featured_on >= ${sinceDay}) AND r.status <> 'gone' ORDER BY r.id`);
  return rows.map((r) => Number(r.id));
}

export async function getReposByIds(db: Db, ids: readonly number[]): Promise<RepoRow[]> {
  if (ids.length === 0) return [];
  return db.all<RepoRow>(sql`SELECT id, url, full_name, status, renamed_to, stars, etag, last_checked FROM repos
    WHERE id IN (${join(ids)}) ORDER BY id`);
}

/** Stores what a refresh learned about a repository. */
export async function updateRepoCheck(
  db: Db,
  id: number,
  check: { status: RepoStatus; stars: number | null; etag: string | null; renamedTo: string | null; at: number },
): Promise<void> {
  await db.run(sql`UPDATE repos SET status = ${check.status}, stars = COALESCE(${check.stars}, stars),
    etag = COALESCE(${check.etag}, etag), renamed_to = ${check.renamedTo}, last_checked = ${check.at} WHERE id = ${id}`);
}

/**
 * The id of a paper's main repository, the one its chart and sparkline show: its most-starred, ties
 * by id. A scalar subquery, so that every read of a chart (here and in page-reads.ts) picks the same
 * one; `paperId` is a value or a column of the enclosing statement.
 */
export function mainRepoIdOf(paperId: string | Sql): Sql {
  return sql`(SELECT pr.repo_id FROM paper_repos pr JOIN repos r ON r.id = pr.repo_id
    WHERE pr.paper_id = ${paperId} ORDER BY COALESCE(r.stars, -1) DESC, r.id LIMIT 1)`;
}

/** Star history of the paper's most-starred repository, oldest first. */
export async function listPaperStarHistory(db: Db, paperId: string, since = 0): Promise<{ at: number; stars: number }[]> {
  const rows = await db.all<{ at: number; stars: number }>(sql`SELECT s.at, s.stars FROM star_snapshots s
    WHERE s.repo_id = ${mainRepoIdOf(paperId)}
      AND s.at >= ${since}
    ORDER BY s.at`);
  return rows.map((r) => ({ at: Number(r.at), stars: Number(r.stars) }));
}

/** The paper's most-starred repository (the one its chart shows), if it has any. */
export async function getPaperMainRepo(db: Db, paperId: string): Promise<RepoRow | undefined> {
  return db.get<RepoRow>(sql`SELECT r.id, r.url, r.full_name, r.status, r.renamed_to, r.stars, r.etag, r.last_checked
    FROM repos r WHERE r.id = ${mainRepoIdOf(paperId)}`);
}

/**
 * Star histories of several papers at once (for the sparklines of a listing), keyed by paper id;
 * papers without one are absent. One query for the whole page: each paper's most-starred
 * repository (the one its chart shows, as listPaperStarHistory picks it), then its snapshots.
 */
export async function listStarHistories(db: Db, paperIds: readonly string[], since = 0): Promise<Map<string, { at: number; stars: number }[]>> {
  const out = new Map<string, { at: number; stars: number }[]>();
  if (paperIds.length === 0) return out;
  const rows = await db.all<{ paper_id: string; at: number; stars: number }>(sql`WITH main AS (
      SELECT p.paper_id, ${mainRepoIdOf(raw('p.paper_id'))} AS repo_id
      FROM (SELECT DISTINCT paper_id FROM paper_repos WHERE paper_id IN (${join([...paperIds])})) p)
    SELECT m.paper_id, s.at, s.stars FROM main m JOIN star_snapshots s ON s.repo_id = m.repo_id
    WHERE s.at >= ${since} ORDER BY m.paper_id, s.at`);
  for (const r of rows) {
    let history = out.get(r.paper_id);
    if (!history) out.set(r.paper_id, (history = []));
    history.push({ at: Number(r.at), stars: Number(r.stars) });
  }
  return out;
}

export interface PaperRepoSource {
  id: string;
  code_urls: string;
  featured_on: string | null;
  hf_stars: number | null;
  hf_upvotes: number;
  hf_comments: number;
  modified_at: number;
}

/** Papers changed after a (modified_at, id) cursor, with what repository linking needs. */
export async function listPapersChangedAfter(db: Db, afterAt: number, afterId: string, limit: number): Promise<PaperRepoSource[]> {
  // Written as a range on modified_at first: SQLite does not seek the index with a row-value
  // comparison and scanned it whole (11 ms at 60k papers).
  return db.all<PaperRepoSource>(sql`SELECT id, code_urls, featured_on, hf_stars, hf_upvotes, hf_comments, modified_at FROM papers
    WHERE modified_at >= ${afterAt} AND (modified_at > ${afterAt} OR id > ${afterId}) ORDER BY modified_at, id LIMIT ${limit}`);
}

/** The latest Hugging Face counts recorded for each of these papers (papers never recorded are absent). */
export async function getLatestHfCounts(db: Db, paperIds: readonly string[]): Promise<Map<string, { at: number; upvotes: number; comments: number }>> {
  const out = new Map<string, { at: number; upvotes: number; comments: number }>();
  for (const part of chunks(paperIds)) {
    const rows = await db.all<{ paper_id: string; at: number; upvotes: number; comments: number }>(sql`SELECT h.paper_id, h.at, h.upvotes, h.comments
      FROM hf_upvote_history h
      WHERE h.paper_id IN (${join(part)}) AND h.at = (SELECT MAX(h2.at) FROM hf_upvote_history h2 WHERE h2.paper_id = h.paper_id)`);
    for (const r of rows) out.set(r.paper_id, { at: Number(r.at), upvotes: Number(r.upvotes), comments: Number(r.comments) });
  }
  return out;
}

/** Records Hugging Face counts seen for papers (a harvest's observation); the same instant twice keeps the last. */
export async function addHfCounts(db: Db, rows: readonly { paperId: string; at: number; upvotes: number; comments: number }[]): Promise<void> {
  for (const part of chunks(lastPerKey(rows, (r) => `${r.paperId}:${r.at}`))) {
    await db.run(sql`INSERT INTO hf_upvote_history (paper_id, at, upvotes, comments)
      VALUES ${bulk(part.map((r) => [r.paperId, r.at, r.upvotes, r.comments]))}
      ON CONFLICT (paper_id, at) DO UPDATE SET upvotes = excluded.upvotes, comments = excluded.comments`);
  }
}

export async function getSyncCursor(db: Db, name: string): Promise<{ afterAt: number; afterId: string }> {
  const row = await db.get<{ after_at: number; after_id: string }>(sql`SELECT after_at, after_id FROM sync_cursors WHERE name = ${name}`);
  return row ? { afterAt: Number(row.after_at), afterId: row.after_id } : { afterAt: -1, afterId: '' };
}

export async function setSyncCursor(db: Db, name: string, afterAt: number, afterId: string): Promise<void> {
  await db.run(sql`INSERT INTO sync_cursors (name, after_at, after_id) VALUES (${name}, ${afterAt}, ${afterId})
    ON CONFLICT (name) DO UPDATE SET after_at = excluded.after_at, after_id = excluded.after_id`);
}

/** The latest moment before `before` that anything trending counts happened (a snapshot or nonzero upvotes), or null. */
export async function getLatestActivityBefore(db: Db, before: number): Promise<number | null> {
  const row = await db.get<{ s: number | null; v: number | null }>(sql`SELECT
    (SELECT MAX(at) FROM star_snapshots WHERE at < ${before}) AS s,
    (SELECT MAX(bucket_at) FROM upvote_tallies WHERE bucket_at < ${before} AND votes <> 0) AS v`);
  const values = [row?.s, row?.v].filter((x): x is number => x !== null && x !== undefined).map(Number);
  return values.length ? Math.max(...values) : null;
}

/** The latest moment anything trending counts happened (a snapshot or an upvote), or null. */
export async function getLatestActivityAt(db: Db): Promise<number | null> {
  const row = await db.get<{ s: number | null; v: number | null }>(sql`SELECT
    (SELECT MAX(at) FROM star_snapshots) AS s, (SELECT MAX(bucket_at) FROM upvote_tallies) AS v`);
  const values = [row?.s, row?.v].filter((x): x is number => x !== null && x !== undefined).map(Number);
  return values.length ? Math.max(...values) : null;
}
