// Things other features want to hear about when the community acts (the trending score on a vote).
import type { Db } from '../db/db.ts';

export interface CommunityHooks {
  /**
   * Inside the vote's transaction, when a vote was added (+1) or withdrawn (−1): where derived
   * counts that must never drift from the votes (trending's upvote tallies) are kept.
   */
  voteChanged?(tx: Db, paperId: string, delta: 1 | -1, at: number): Promise<void>;
  /** After the vote committed (the paper's trending score); failures are logged, never fatal. */
  paperVoted?(db: Db, paperId: string, at: number): Promise<void>;
}
