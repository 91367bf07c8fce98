// What every trending listing (CLI, web, API, digest) calls: picks the moment to rank as of, then lists.
import type { Db } from '../db/db.ts';
import { getLatestActivityAt } from '../store/repos.ts';
import { countTrending, getPaperTrending, listTrending, listTrendingRuns, type TrendingRow } from '../store/trending.ts';
import { WINDOW_MS, type TrendingParts, type TrendingWindow } from './trending-score.ts';
import { DAY_MS } from '../periods.ts';


/** The last millisecond of a YYYY-MM-DD day (UTC): `--at 2025-12-31` ranks as of the end of that day. */
export function endOfDay(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) + DAY_MS - 1;
}

export interface TrendingListing {
  rows: TrendingRow[];
  /** How many papers the whole list has (for pagers); only counted when asked (`withTotal`). */
  total: number | null;
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
  withTotal?: boolean;
}

/**
 * Trending papers for a listing. With a day: as of its end, computed on the fly. Without: the
 * stored scores when a recompute ran within the window, else on the fly as of now; and if nothing
 * is recent, as of the end of the latest day with activity (and says so in `fellBackTo`).
 */
export async function getTrendingListing(db: Db, q: TrendingQuery): Promise<TrendingListing> {
  const now = q.now ?? Date.now();
  const base = { window: q.window, limit: q.limit, offset: q.offset ?? 0, category: q.category };
  const list = async (at: number | undefined, shownAt: number, fellBackTo: string | null): Promise<TrendingListing> => ({
    rows: await listTrending(db, { ...base, at }),
    total: q.withTotal ? await countTrending(db, { window: q.window, at, category: q.category }) : null,
    at: shownAt,
    fellBackTo,
  });
  if (q.day) return list(endOfDay(q.day), endOfDay(q.day), null);
  const latest = await getLatestActivityAt(db);
  if (latest !== null && latest <= now - WINDOW_MS[q.window]) {
    const day = new Date(latest).toISOString().slice(0, 10);
    return list(endOfDay(day), endOfDay(day), day);
  }
  const run = (await listTrendingRuns(db)).find((r) => r.span === q.window);
  if (run && Number(run.as_of) > now - WINDOW_MS[q.window] && Number(run.as_of) <= now) return list(undefined, Number(run.as_of), null);
  return list(now, now, null);
}

/**
 * One paper's standing for its page: its score and parts in `window` as of the moment the
 * listing would use (now, or the latest activity day when nothing is recent); null when quiet.
 */
export async function getPaperTrendingNow(
  db: Db,
  paperId: string,
  window: TrendingWindow,
  now = Date.now(),
): Promise<{ score: number; parts: TrendingParts; at: number } | null> {
  const latest = await getLatestActivityAt(db);
  if (latest === null) return null;
  const at = latest <= now - WINDOW_MS[window] ? endOfDay(new Date(latest).toISOString().slice(0, 10)) : now;
  const found = await getPaperTrending(db, paperId, window, at);
  return found ? { ...found, at } : null;
}
