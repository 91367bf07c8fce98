// What every trending listing (CLI, web, API, digest) calls: picks the moment to rank as of, then lists.
import type { Db } from '../db/db.ts';
import { getLatestActivityBefore } from '../store/repos.ts';
import { countTrending, getPaperTrending, listTrending, listTrendingRuns, type TrendingRow } from '../store/trending.ts';
import { WINDOW_MS, type TrendingParts, type TrendingWindow } from './score.ts';
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
 * A window ending now is "live" with at least this many papers (or at least as many as the last
 * active day's window had): with fewer, one vote or one import on a quiet catalog (a demo that
 * ended months ago) would replace a full list with a list of one.
 */
export const MIN_LIVE_PAPERS = 10;

export interface TrendingAnchor {
  /** Rank as of this moment; undefined: the stored scores (a recompute within the window). */
  at: number | undefined;
  /** The moment shown as "as of". */
  shownAt: number;
  /** The day ranked as of, when it is not now (see getTrendingListing). */
  fellBackTo: string | null;
  /** Papers the chosen window lists (without a category filter). */
  total: number;
}

/**
 * What "trending now" ranks as of: now (from the stored scores when a recompute ran within the
 * window), unless the window ending now lists fewer than MIN_LIVE_PAPERS papers and fewer than
 * the window ending with the latest earlier day of activity — then as of the end of that day.
 * So a stale catalog shows its last real activity, whatever one stray vote does today, and a
 * live one ranks as of now.
 */
export async function resolveTrendingAnchor(db: Db, window: TrendingWindow, now = Date.now()): Promise<TrendingAnchor> {
  const run = (await listTrendingRuns(db)).find((r) => r.span === window);
  const stored = run !== undefined && Number(run.as_of) > now - WINDOW_MS[window] && Number(run.as_of) <= now;
  const nowAt = stored ? undefined : now;
  const live: TrendingAnchor = { at: nowAt, shownAt: stored ? Number(run!.as_of) : now, fellBackTo: null, total: await countTrending(db, { window, at: nowAt }) };
  if (live.total >= MIN_LIVE_PAPERS) return live;
  const latest = await getLatestActivityBefore(db, Date.parse(`${new Date(now).toISOString().slice(0, 10)}T00:00:00Z`));
  if (latest === null) return live;
  const day = new Date(latest).toISOString().slice(0, 10);
  const at = endOfDay(day);
  const total = await countTrending(db, { window, at });
  return total > live.total ? { at, shownAt: at, fellBackTo: day, total } : live;
}

/**
 * Trending papers for a listing. With a day: as of its end, computed on the fly. Without: as of
 * the anchor resolveTrendingAnchor picks (now, or the latest day with enough activity, and says
 * so in `fellBackTo`).
 */
export async function getTrendingListing(db: Db, q: TrendingQuery): Promise<TrendingListing> {
  const base = { window: q.window, limit: q.limit, offset: q.offset ?? 0, category: q.category };
  if (q.day) {
    const at = endOfDay(q.day);
    return {
      rows: await listTrending(db, { ...base, at }),
      total: q.withTotal ? await countTrending(db, { window: q.window, at, category: q.category }) : null,
      at,
      fellBackTo: null,
    };
  }
  const anchor = await resolveTrendingAnchor(db, q.window, q.now ?? Date.now());
  return {
    rows: await listTrending(db, { ...base, at: anchor.at }),
    total: q.withTotal ? (q.category ? await countTrending(db, { window: q.window, at: anchor.at, category: q.category }) : anchor.total) : null,
    at: anchor.shownAt,
    fellBackTo: anchor.fellBackTo,
  };
}

/**
 * One paper's standing for its page: its score and parts in `window` as of the moment the
 * listing would use (see resolveTrendingAnchor); null when quiet.
 */
export async function getPaperTrendingNow(
  db: Db,
  paperId: string,
  window: TrendingWindow,
  now = Date.now(),
): Promise<{ score: number; parts: TrendingParts; at: number } | null> {
  const anchor = await resolveTrendingAnchor(db, window, now);
  const at = anchor.shownAt;
  const found = await getPaperTrending(db, paperId, window, at);
  return found ? { ...found, at } : null;
}
