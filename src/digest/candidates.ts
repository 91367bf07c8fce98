// The papers a digest picks from: the period's trending papers (the trending score), best first.
import type { Db } from '../db/db.ts';
import type { Paper } from '../model.ts';
import { syncPaperRepos } from '../trending/sync-repos.ts';
import { loadTrending } from '../trending/listing.ts';
import { addDays, DAY_MS } from '../periods.ts';

/** How many trending papers of the period the topic filters choose from. */
export const CANDIDATE_POOL = 300;

/**
 * Trending papers ranked as of the end of the last day the digest covers: the day window for a
 * one-day daily digest, the week window for weekly digests and for a daily digest covering a
 * weekend (papers an earlier digest already mailed are removed per subscriber afterwards).
 * The catalog is synced into trending's inputs first (incremental: a no-op when nothing changed),
 * so a digest sent right after an import sees the imported papers even before the worker's
 * recompute runs.
 */
export async function loadDigestCandidates(db: Db, window: { from: string; to: string }): Promise<Paper[]> {
  await syncPaperRepos(db);
  const span = (Date.parse(window.to) - Date.parse(window.from)) / DAY_MS;
  const list = await loadTrending(db, { window: span <= 1 ? 'day' : 'week', day: addDays(window.to, -1), limit: CANDIDATE_POOL, withTotal: false });
  return list.papers;
}
