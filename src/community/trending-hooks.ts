// The default community hooks: votes feed the trending score (upvote tallies + the paper's stored score).
import type { Db } from '../db/db.ts';
import { addUpvotes } from '../store/repos.ts';
import { updateTrendingForPaper } from '../store/trending.ts';
import type { CommunityHooks } from './hooks.ts';

/**
 * Score updates coalesced per paper within this process: while one runs, further votes on the
 * same paper only mark it dirty, and one more update follows. A burst of 400 votes on one paper
 * costs a handful of recomputations instead of 400, and the last one always sees every vote.
 */
const running = new Map<string, { dirty: boolean; done: Promise<void> }>();

async function coalescedUpdate(db: Db, paperId: string): Promise<void> {
  const current = running.get(paperId);
  if (current) {
    current.dirty = true;
    return current.done;
  }
  const state = { dirty: false, done: Promise.resolve() };
  state.done = (async () => {
    try {
      do {
        state.dirty = false;
        await updateTrendingForPaper(db, paperId, Date.now());
      } while (state.dirty);
    } finally {
      running.delete(paperId);
    }
  })();
  running.set(paperId, state);
  return state.done;
}

export const trendingHooks: CommunityHooks = {
  // In the vote's transaction: the tally trending reads can never disagree with the votes table.
  voteChanged: (tx, paperId, delta, at) => addUpvotes(tx, paperId, at, delta, 'site'),
  paperVoted: (db, paperId) => coalescedUpdate(db, paperId),
};
