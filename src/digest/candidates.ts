// The papers a digest picks from: the period's trending papers, best first.
import type { Db } from '../db/db.ts';
import type { Paper } from '../model.ts';
import { listFeaturedPapersForDigest } from '../store/digests.ts';

/** How many trending papers of the period topic filters choose from. */
export const CANDIDATE_POOL = 300;

/**
 * INTERIM: papers featured on Daily Papers in [from, to), most upvoted first, until the trending
 * score (`listTrending` in src/store/trending.ts) is on main; then this calls it for the window.
 */
export async function loadDigestCandidates(db: Db, window: { from: string; to: string }): Promise<Paper[]> {
  return listFeaturedPapersForDigest(db, window.from, window.to, CANDIDATE_POOL);
}
