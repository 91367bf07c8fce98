// SQL for the catalog's data version: a number that changes whenever any paper is written.
import { sql, type Db } from '../db/db.ts';

/**
 * The latest modification time of any paper (one step down the papers_modified_at index). Caches
 * of rendered pages key on it, so an import shows up on the next request. Features whose writes
 * change what anonymous visitors see without touching `papers` (votes, comments, trending scores)
 * add their own `MAX(updated_at)` here; until then the cache re-renders after maxAgeMs (app.ts: 10 s).
 */
export async function getCatalogVersion(db: Db): Promise<number> {
  const row = await db.get<{ v: number | string | null }>(sql`SELECT MAX(modified_at) AS v FROM papers`);
  return Number(row?.v ?? 0);
}
