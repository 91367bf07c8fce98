// The trending list for a window (day, week, month): the one place pages, the JSON API and feeds
// get "what is trending" from. It ranks by the trending score (src/rank/trending-score.ts).
import type { Db } from '../db/db.ts';
import type { Paper } from '../model.ts';
import { addDays } from '../periods.ts';
import { getTrendingListing } from './listing.ts';
import { explainTrending, type TrendingParts } from './score.ts';

export type { TrendingWindow } from './score.ts';
export { TRENDING_WINDOWS } from './score.ts';
import type { TrendingWindow } from './score.ts';

const WINDOW_DAYS: Record<TrendingWindow, number> = { day: 1, week: 7, month: 30 };

/** Why one paper is in the list: its score, the terms of the formula, and the sentence shown. */
export interface TrendingReason {
  score: number;
  parts: TrendingParts;
  /** "+312 stars this week · 45 upvotes · 3 days old" */
  explanation: string;
}

export interface TrendingList {
  window: TrendingWindow;
  /**
   * The last day of the window. Without `day`, normally today; when nothing happened recently
   * (the demo corpus ends 2025-12-31) or too little happened lately to fill a list, the latest day
   * whose window has enough activity (rank/trending-list.ts), and `fellBack` is true.
   */
  asOf: string | null;
  from: string | null;
  /** Ranked as of this moment (epoch ms): the end of `asOf`, or now. */
  at: number | null;
  fellBack: boolean;
  total: number;
  papers: Paper[];
  /** Parallel to `papers`. */
  reasons: TrendingReason[];
}

/** The trending papers of a window, best first; `day` (YYYY-MM-DD) ranks as of the end of that day. */
export async function loadTrending(db: Db, window: TrendingWindow, limit: number, offset = 0, day?: string, category?: string): Promise<TrendingList> {
  // A GET never writes: imports, harvests and the scheduled recompute link new papers to their
  // repositories (syncPaperRepos), so this only reads.
  const listing = await getTrendingListing(db, { window, day, limit, offset, category, withTotal: true });
  const asOf = new Date(listing.at).toISOString().slice(0, 10);
  return {
    window,
    asOf,
    from: addDays(asOf, 1 - WINDOW_DAYS[window]),
    at: listing.at,
    fellBack: listing.fellBackTo !== null,
    total: listing.total ?? listing.rows.length,
    papers: listing.rows.map((r) => r.paper),
    reasons: listing.rows.map((r) => ({ score: r.score, parts: r.parts, explanation: explainTrending(r.parts) })),
  };
}
