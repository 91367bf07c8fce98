// The default community hooks: votes feed the trending score (upvote tallies + the paper's stored score).
import { addUpvotes } from '../store/repos.ts';
import { updateTrendingForPaper } from '../store/trending.ts';
import type { CommunityHooks } from './hooks.ts';

export const trendingHooks: CommunityHooks = {
  // In the vote's transaction: the tally trending reads can never disagree with the votes table.
  voteChanged: (tx, paperId, delta, at) => addUpvotes(tx, paperId, at, delta, 'site'),
  paperVoted: (db, paperId, at) => updateTrendingForPaper(db, paperId, at),
};
