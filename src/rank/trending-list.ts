// What every trending listing (CLI, web, API, digest) calls: picks the moment to rank as of, then lists.
import type { Db } from '../db/db.ts';
import { getLatestActivityAt } from '../store/repos.ts';
import { listTrending, listTrendingRuns, type TrendingRow } from '../store/trending.ts';
import { WINDOW_MS, type TrendingWindow } from './trending-score.ts';

const DAY_MS = 86_400_000;

/** The last millisecond of a YYYY-MM-DD day (UTC): `--at 2025-12-31` ranks as of the end of that day. */
export function endOfDay(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) + DAY_MS - 1;
}

export interface TrendingListing {
  rows: TrendingRow[];
  /** The moment ranked as of. */
  at: number;
  /**
   * Set when no `at` was asked for and nothing happened in the window before now, so we ranked as
   * of the end of the latest day with activity instead (a demo corpus that ended months ago).
   */
  fellBackTo: string | null;
}

export interface TrendingQuery {
  window: TrendingWindow;
  /** YYYY-MM-DD: rank as of the end of that day. */
  day?: string;
  limit: number;
  offset?: number;
  category?: string;
  now?: number;
}

/**
 * Trending papers for a listing. With a day: as of its end, computed on the fly. Without: the
 * stored scores when a recompute ran within the window, else on the fly as of now; and if nothing
 * is recent, as of the end of the latest day with activity (and says so in `fellBackTo`).
 */
export async function getTrendingListing(db: Db, q: TrendingQuery): Promise<TrendingListing> {
  const now = q.now ?? Date.now();
  const base = { window: q.window, limit: q.limit, offset: q.offset ?? 0, category: q.category };
  if (q.day) {
    const at = endOfDay(q.day);
    return { rows: await listTrending(db, { ...base, at }), at, fellBackTo: null };
  }
  const latest = await getLatestActivityAt(db);
  if (latest !== null && latest <= now - WINDOW_MS[q.window]) {
    const day = new Date(latest).toISOString().slice(0, 10);
    const at = endOfDay(day);
    return { rows: await listTrending(db, { ...base, at }), at, fellBackTo: day };
  }
  const run = (await listTrendingRuns(db)).find((r) => r.span === q.window);
  if (run && Number(run.as_of) > now - WINDOW_MS[q.window] && Number(run.as_of) <= now) {
    return { rows: await listTrending(db, base), at: Number(run.as_of), fellBackTo: null };
  }
  return { rows: await listTrending(db, { ...base, at: now }), at: now, fellBackTo: null };
}
