// Things other features want to hear about when the community acts (the trending score on a vote).
import type { Db } from '../db/db.ts';

export interface CommunityHooks {
  /** Called after each vote change, outside the vote's transaction; failures are logged, never fatal. */
  paperVoted?(db: Db, paperId: string): Promise<void>;
}
