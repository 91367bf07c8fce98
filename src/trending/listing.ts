// "What is trending": the one entry point every trending listing calls (pages, JSON API, feeds,
// MCP, CLI, digests, For you): loadTrending picks the moment to rank as of, lists the papers by the
// trending score (score.ts; computed set-wise in SQL by store/trending.ts) and explains each.
import type { Db } from '../db/db.ts';
import type { Paper } from '../model.ts';
import { getLatestActivityBefore } from '../store/repos.ts';
import { countTrending, getPaperTrending, listTrending, listTrendingRuns, type TrendingRow } from '../store/trending.ts';
import { explainTrending, WINDOW_MS, type TrendingParts, type TrendingWindow } from './score.ts';
import { addDays, endOfDay } from '../periods.ts';

export { TRENDING_WINDOWS, type TrendingWindow } from './score.ts';

export interface TrendingQuery {
  window: TrendingWindow;
  /** YYYY-MM-DD: rank as of the end of that day. */
  day?: string;
  limit: number;
  offset?: number;
  category?: string;
  now?: number;
  /** Count the whole list (for pagers); default true. */
  withTotal?: boolean;
  /** Where a quiet catalog's fallback anchor comes from (default: the store, each time). */
  fallbackSource?: TrendingFallbackSource;
}

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
   * whose window has enough activity (resolveTrendingAnchor), and `fellBack` is true.
   */
  asOf: string;
  from: string;
  /** Ranked as of this moment (epoch ms): the end of `asOf`, or now. */
  at: number;
  fellBack: boolean;
  /** How many papers the whole list has; with `withTotal: false`, the papers listed. */
  total: number;
  papers: Paper[];
  /** Parallel to `papers`. */
  reasons: TrendingReason[];
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
  /** The day ranked as of, when it is not now (see loadTrending). */
  fellBackTo: string | null;
  /** Papers the chosen window lists (without a category filter). */
  total: number;
}

/**
 * What a quiet catalog falls back to: the latest day before `before` with any activity (a star
 * snapshot or an upvote), ranked as of its end, and how many papers that window lists.
 */
export interface TrendingFallback {
  at: number;
  day: string;
  total: number;
}

/**
 * Finds the fallback anchor (see TrendingFallback) from the store: two whole-window aggregates on
 * a big catalog. It reads only what happened before `before` (the start of today), which votes and
 * star refreshes, stamped now, never change: the web app remembers it per catalog version
 * (web/trending-memo.ts) instead of asking on every render.
 */
export async function findTrendingFallback(db: Db, window: TrendingWindow, before: number): Promise<TrendingFallback | null> {
  const latest = await getLatestActivityBefore(db, before);
  if (latest === null) return null;
  const day = new Date(latest).toISOString().slice(0, 10);
  const at = endOfDay(day);
  return { at, day, total: await countTrending(db, { window, at }) };
}

/** Where resolveTrendingAnchor gets the fallback anchor: the store, or a memo of it. */
export type TrendingFallbackSource = (db: Db, window: TrendingWindow, before: number) => Promise<TrendingFallback | null>;

/**
 * What "trending now" ranks as of: now (from the stored scores when a recompute ran within the
 * window), unless the window ending now lists fewer than MIN_LIVE_PAPERS papers and fewer than
 * the window ending with the latest earlier day of activity — then as of the end of that day.
 * So a stale catalog shows its last real activity, whatever one stray vote does today, and a
 * live one ranks as of now.
 */
export async function resolveTrendingAnchor(
  db: Db,
  window: TrendingWindow,
  now = Date.now(),
  fallbackSource: TrendingFallbackSource = findTrendingFallback,
): Promise<TrendingAnchor> {
  const run = (await listTrendingRuns(db)).find((r) => r.span === window);
  const stored = run !== undefined && Number(run.as_of) > now - WINDOW_MS[window] && Number(run.as_of) <= now;
  const nowAt = stored ? undefined : now;
  const live: TrendingAnchor = { at: nowAt, shownAt: stored ? Number(run!.as_of) : now, fellBackTo: null, total: await countTrending(db, { window, at: nowAt }) };
  if (live.total >= MIN_LIVE_PAPERS) return live;
  const fallback = await fallbackSource(db, window, Date.parse(`${new Date(now).toISOString().slice(0, 10)}T00:00:00Z`));
  if (fallback === null) return live;
  return fallback.total > live.total ? { at: fallback.at, shownAt: fallback.at, fellBackTo: fallback.day, total: fallback.total } : live;
}

/**
 * The trending papers of a window, best first. With `day` (YYYY-MM-DD): as of the end of that
 * day, computed on the fly. Without: as of the anchor resolveTrendingAnchor picks (now, or the
 * latest day with enough activity, and says so in `fellBack`). A GET never writes: imports,
 * harvests and the scheduled recompute link new papers to their repositories (syncPaperRepos).
 */
export async function loadTrending(db: Db, q: TrendingQuery): Promise<TrendingList> {
  const base = { window: q.window, limit: q.limit, offset: q.offset ?? 0, category: q.category };
  const withTotal = q.withTotal ?? true;
  let rows: TrendingRow[];
  let total: number | null;
  let at: number;
  let fellBack = false;
  if (q.day) {
    at = endOfDay(q.day);
    rows = await listTrending(db, { ...base, at });
    total = withTotal ? await countTrending(db, { window: q.window, at, category: q.category }) : null;
  } else {
    const anchor = await resolveTrendingAnchor(db, q.window, q.now ?? Date.now(), q.fallbackSource);
    rows = await listTrending(db, { ...base, at: anchor.at });
    total = withTotal ? (q.category ? await countTrending(db, { window: q.window, at: anchor.at, category: q.category }) : anchor.total) : null;
    at = anchor.shownAt;
    fellBack = anchor.fellBackTo !== null;
  }
  const asOf = new Date(at).toISOString().slice(0, 10);
  return {
    window: q.window,
    asOf,
    from: addDays(asOf, 1 - WINDOW_DAYS[q.window]),
    at,
    fellBack,
    total: total ?? rows.length,
    papers: rows.map((r) => r.paper),
    reasons: rows.map((r) => ({ score: r.score, parts: r.parts, explanation: explainTrending(r.parts) })),
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
  fallbackSource?: TrendingFallbackSource,
): Promise<{ score: number; parts: TrendingParts; at: number } | null> {
  const anchor = await resolveTrendingAnchor(db, window, now, fallbackSource);
  const at = anchor.shownAt;
  const found = await getPaperTrending(db, paperId, window, at);
  return found ? { ...found, at } : null;
}
