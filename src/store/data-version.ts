// SQL for the catalog's data version: a number that changes whenever any paper is written.
import { sql, type Db } from '../db/db.ts';

/** The catalog version as a scalar subquery, for a statement that reads it beside other things. */
export const catalogVersionSql = sql`(SELECT MAX(modified_at) FROM papers)`;

/**
 * The latest modification time of any paper (one step down the papers_modified_at index). Caches
 * of rendered pages key on it, so an import shows up on the next request. Features whose writes
 * change what anonymous visitors see without touching `papers` (votes, comments, trending scores)
 * add their own `MAX(updated_at)` here; until then a write through the same process clears the cache
 * (response-cache.ts) and other processes' writes show after maxAgeMs (app.ts: 10 s).
 */
export async function getCatalogVersion(db: Db): Promise<number> {
  const row = await db.get<{ v: number | string | null }>(sql`SELECT ${catalogVersionSql} AS v`);
  return Number(row?.v ?? 0);
}

/**
 * The star-data version (migration 110): a counter that triggers move with every write that can
 * change a paper's star history or chart (snapshots, paper-repository links, a repository's stars
 * or name), from any process. As a scalar subquery, for a statement that reads it beside other things.
 */
export const starDataVersionSql = sql`(SELECT v FROM star_data_version WHERE id = 1)`;

/** The star-data version as a statement of its own (tests, tools; pages read it with their rows). */
export async function getStarDataVersion(db: Db): Promise<number> {
  const row = await db.get<{ v: number | string }>(sql`SELECT ${starDataVersionSql} AS v`);
  return Number(row?.v ?? 0);
}
