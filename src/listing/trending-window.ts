// The trending list for a window (day, week, month) ending at the catalog's latest activity:
// the one place pages, the JSON API and feeds get "what is trending" from.
import type { Db } from '../db/db.ts';
import type { Paper } from '../model.ts';
import { addDays } from '../periods.ts';
import { countFeaturedPapers, getLatestFeaturedDay, listFeaturedPapers } from '../store/daily.ts';

export type TrendingWindow = 'day' | 'week' | 'month';
export const TRENDING_WINDOWS: readonly TrendingWindow[] = ['day', 'week', 'month'];
const WINDOW_DAYS: Record<TrendingWindow, number> = { day: 1, week: 7, month: 30 };

export interface TrendingList {
  window: TrendingWindow;
  /**
   * The last day of the window: the latest day with activity, not today. A catalog whose newest
   * papers are months old (the demo corpus ends 2025-12-31) still shows a full list, dated.
   */
  asOf: string | null;
  from: string | null;
  total: number;
  papers: Paper[];
}

/**
 * Interim ordering: papers featured on Daily Papers inside the window, most Hugging Face upvotes
 * first (ties by id). The trending feature replaces the store query behind this with its score.
 */
export async function loadTrending(db: Db, window: TrendingWindow, limit: number, offset = 0): Promise<TrendingList> {
  const asOf = await getLatestFeaturedDay(db);
  if (!asOf) return { window, asOf: null, from: null, total: 0, papers: [] };
  const from = addDays(asOf, 1 - WINDOW_DAYS[window]);
  const [papers, total] = await Promise.all([
    listFeaturedPapers(db, { from, to: asOf, sort: 'trending', limit, offset }),
    countFeaturedPapers(db, from, asOf),
  ]);
  return { window, asOf, from, total, papers };
}
