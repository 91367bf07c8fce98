// The scheduled trending pass: follow the catalog's new code links, then recompute every window.
import type { Db } from '../db/db.ts';
import { recomputeTrending } from '../store/trending.ts';
import { syncPaperRepos } from './sync-repos.ts';
import { TRENDING_WINDOWS } from './score.ts';

/** Syncs repositories and recomputes the stored scores of all windows as of `at`; returns a summary line. */
export async function recomputeAll(db: Db, at: number): Promise<string> {
  const sync = await syncPaperRepos(db);
  const counts: string[] = [];
  for (const window of TRENDING_WINDOWS) counts.push(`${window} ${await recomputeTrending(db, { window, at })}`);
  return `${sync.papers} papers synced, ${sync.links} code links; scored: ${counts.join(', ')}`;
}
