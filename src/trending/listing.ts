// "What is trending": the one entry point every trending listing calls (pages, JSON API, feeds,
// MCP, CLI, digests, For you): loadTrending picks the moment to rank as of, lists the papers by the
// trending score (score.ts; computed set-wise in SQL by store/trending.ts) and explains each.
import type { Db } from '../db/db.ts';
import type { Paper } from '../model.ts';
import { getLatestActivityBefore } from '../store/repos.ts';
import { getCatalogVersion } from '../store/data-version.ts';
import {
  countTrending,
  getPaperTrending,
  listTrending,
  listTrendingRuns,
  listTrendingScores,
  trendingPartsOf,
  trendingRowsOf,
  trendingRowsWith,
  type TrendingRow,
  type TrendingScoreRow,
} from '../store/trending.ts';
import { explainTrending, WINDOW_MS, type TrendingParts, type TrendingWindow } from './score.ts';
import { addDays, endOfDay } from '../periods.ts';
import type { PaperMemo } from '../store/paper-memo.ts';
import { papersOfStamps } from '../store/papers.ts';
import { readListingRows, type KeptHistories, type StarHistory } from '../store/page-reads.ts';
import type { RowFacts } from '../store/row-facts.ts';

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
  /** Where a past moment's scores are kept between calls (see PastScores); without it each call computes them. */
  past?: PastScores;
  /** Papers kept between reads (store/paper-memo.ts). */
  kept?: PaperMemo;
  /**
   * Read the rows' facts (comments, stars) and with `histories` their star histories in the same
   * statement as the rows (store/page-reads.ts), when the rows come from kept scores and papers;
   * with KeptHistories, only those not kept at the star-data version read.
   */
  rowExtras?: { histories: boolean | KeptHistories };
}

/**
 * The scored papers of a window as of a moment already past, kept between requests. Computing a
 * window's scores reads every star snapshot and upvote tally in it (tens of milliseconds at 60k
 * papers), and a listing needed it twice (its rows and its count), a paper page once (whether the
 * front page falls back to that day): per request, that was most of what an uncached page cost.
 * Activity is recorded as it happens, so a window that ended in the past does not change with
 * votes or star refreshes; imports change it and bump the catalog version, which the kept scores
 * are checked against on every use. What changes it without an import (a curator hiding a paper,
 * a link edit, a star backfill) is seen after `forget()` (the app calls it on such writes and on
 * other processes' announcements) or after maxAgeMs.
 */
export interface PastScores {
  /**
   * Every scored paper of the window as of `at` (best first, those scoring 0 last). `version`: the
   * catalog version this request already read (versionOf), saving a round trip.
   */
  scores(db: Db, window: TrendingWindow, at: number, version?: number): Promise<TrendingScoreRow[]>;
  /** The catalog version an anchor from `anchor()` was checked against in this request's read. */
  versionOf(anchor: TrendingAnchor): number | undefined;
  /**
   * The moment a window fell back to (resolveTrendingAnchor), kept while no write happened: choosing
   * it reads the live window's count (which a vote changes), the recompute runs and the latest
   * activity, three statements per listing and per paper page. Only fallen-back anchors are kept.
   */
  anchor(db: Db, window: TrendingWindow, now: number, resolve: () => Promise<TrendingAnchor>, version?: number): Promise<TrendingAnchor>;
  forget(): void;
  /** Forgets the kept anchors: called on every write (a vote can make the window ending now live). */
  forgetAnchors(): void;
}

export function createPastScores(opts: { maxAgeMs: number; maxEntries?: number; now?: () => number }): PastScores {
  const now = opts.now ?? Date.now;
  const maxEntries = opts.maxEntries ?? 64;
  const kept = new Map<string, { version: number; storedAt: number; rows: Promise<TrendingScoreRow[]> }>();
  const anchors = new Map<string, { version: number; storedAt: number; anchor: TrendingAnchor }>();
  // Each anchor handed out, with the version read when it was (a kept one is handed out only while
  // the version read is the one it was kept with).
  const versions = new WeakMap<TrendingAnchor, number>();
  let writes = 0;
  return {
    async anchor(db, window, now_, resolve, known_?: number) {
      // Keyed by the day too: the latest activity is looked up before the start of today.
      const key = `${window}\u0000${new Date(now_).toISOString().slice(0, 10)}`;
      // `known_`: the version this request has just read with its other reads (one round trip fewer).
      const version = known_ ?? (await getCatalogVersion(db));
      const known = anchors.get(key);
      if (known && known.version === version && now() - known.storedAt < opts.maxAgeMs) return known.anchor;
      const before = writes;
      const anchor = await resolve();
      versions.set(anchor, version);
      // A write while it was being chosen may have changed it: then it is not kept.
      if (anchor.fellBackTo !== null && before === writes) anchors.set(key, { version, storedAt: now(), anchor });
      else anchors.delete(key);
      if (anchors.size > maxEntries) anchors.delete(anchors.keys().next().value!);
      return anchor;
    },
    forgetAnchors: () => (writes++, anchors.clear()),
    versionOf: (anchor) => versions.get(anchor),
    async scores(db, window, at, known_?: number) {
      const key = `${window}\u0000${at}`;
      const version = known_ ?? (await getCatalogVersion(db));
      const known = kept.get(key);
      if (known && known.version === version && now() - known.storedAt < opts.maxAgeMs) return known.rows;
      // The promise is kept at once: requests arriving during the computation share it.
      const rows = listTrendingScores(db, { window, at });
      const entry = { version, storedAt: now(), rows };
      kept.delete(key);
      kept.set(key, entry);
      if (kept.size > maxEntries) kept.delete(kept.keys().next().value!);
      rows.catch(() => kept.get(key) === entry && kept.delete(key));
      return rows;
    },
    forget: () => (kept.clear(), writes++, anchors.clear()),
  };
}

/** Scores as of `at` from `past` when the moment is over (nothing can still happen in it), else null. */
function pastScores(db: Db, past: PastScores | undefined, window: TrendingWindow, at: number | undefined, now: number, category?: string, version?: number) {
  return past && at !== undefined && at < now && !category ? past.scores(db, window, at, version) : null;
}

/** How many of the rows list: those with a score above 0 (the sorted rows' prefix). */
function positive(rows: readonly TrendingScoreRow[]): number {
  let n = 0;
  while (n < rows.length && Number(rows[n]!.score) > 0) n++;
  return n;
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
  /** With `rowExtras`, when they could be read with the rows: the rows' facts and star histories. */
  facts?: RowFacts;
  histories?: Map<string, StarHistory>;
  /** With histories: the star-data version they were read at (store/data-version.ts). */
  starVersion?: number;
  /** The catalog version this call read (the papers' latest modification time), when it read one. */
  version?: number;
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
 * What "trending now" ranks as of: now (from the stored scores when a recompute ran within the
 * window), unless the window ending now lists fewer than MIN_LIVE_PAPERS papers and fewer than
 * the window ending with the latest earlier day of activity — then as of the end of that day.
 * So a stale catalog shows its last real activity, whatever one stray vote does today, and a
 * live one ranks as of now.
 */
export async function resolveTrendingAnchor(db: Db, window: TrendingWindow, now = Date.now(), past?: PastScores, version?: number): Promise<TrendingAnchor> {
  return past ? past.anchor(db, window, now, () => chooseTrendingAnchor(db, window, now, past), version) : chooseTrendingAnchor(db, window, now, past);
}

async function chooseTrendingAnchor(db: Db, window: TrendingWindow, now: number, past?: PastScores): Promise<TrendingAnchor> {
  const run = (await listTrendingRuns(db)).find((r) => r.span === window);
  const stored = run !== undefined && Number(run.as_of) > now - WINDOW_MS[window] && Number(run.as_of) <= now;
  const nowAt = stored ? undefined : now;
  const live: TrendingAnchor = { at: nowAt, shownAt: stored ? Number(run!.as_of) : now, fellBackTo: null, total: await countTrending(db, { window, at: nowAt }) };
  if (live.total >= MIN_LIVE_PAPERS) return live;
  const latest = await getLatestActivityBefore(db, Date.parse(`${new Date(now).toISOString().slice(0, 10)}T00:00:00Z`));
  if (latest === null) return live;
  const day = new Date(latest).toISOString().slice(0, 10);
  const at = endOfDay(day);
  const kept = pastScores(db, past, window, at, now);
  const total = kept ? positive(await kept) : await countTrending(db, { window, at });
  return total > live.total ? { at, shownAt: at, fellBackTo: day, total } : live;
}

/** Listing rows of kept score rows; with `extras`, their facts and star histories read in the same statement. */
async function rowsOfKept(db: Db, window: TrendingWindow, scored: readonly TrendingScoreRow[], kept: PaperMemo | undefined, extras: TrendingQuery['rowExtras']) {
  if (!extras || !kept) return { rows: await trendingRowsOf(db, window, scored, kept) };
  const read = await readListingRows(db, { ids: scored.map((r) => r.paper_id) }, { facts: true, histories: extras.histories });
  const rows = trendingRowsWith(window, scored, await papersOfStamps(db, read.stamps, kept, true));
  return { rows, facts: read.facts, ...(extras.histories ? { histories: read.histories, starVersion: read.starVersion } : {}) };
}

/**
 * The trending papers of a window, best first. With `day` (YYYY-MM-DD): as of the end of that
 * day, computed on the fly. Without: as of the anchor resolveTrendingAnchor picks (now, or the
 * latest day with enough activity, and says so in `fellBack`). A GET never writes: imports,
 * harvests and the scheduled recompute link new papers to their repositories (syncPaperRepos).
 */
export async function loadTrending(db: Db, q: TrendingQuery): Promise<TrendingList> {
  const base = { window: q.window, limit: q.limit, offset: q.offset ?? 0, category: q.category, kept: q.kept };
  const withTotal = q.withTotal ?? true;
  let rows: TrendingRow[];
  let total: number | null;
  let at: number;
  let fellBack = false;
  let extras: { facts?: RowFacts; histories?: Map<string, StarHistory>; starVersion?: number } = {};
  let version: number | undefined;
  const now = q.now ?? Date.now();
  if (q.day) {
    at = endOfDay(q.day);
    const kept = pastScores(db, q.past, q.window, at, now, q.category);
    if (kept) {
      const scored = await kept;
      const shown = positive(scored);
      ({ rows, ...extras } = await rowsOfKept(db, q.window, scored.slice(Math.min(base.offset, shown), Math.min(base.offset + base.limit, shown)), q.kept, q.rowExtras));
      total = withTotal ? shown : null;
    } else {
      rows = await listTrending(db, { ...base, at });
      total = withTotal ? await countTrending(db, { window: q.window, at, category: q.category }) : null;
    }
  } else {
    const anchor = await resolveTrendingAnchor(db, q.window, now, q.past);
    version = q.past?.versionOf(anchor);
    const kept = pastScores(db, q.past, q.window, anchor.at, now, q.category, version);
    if (kept) {
      const scored = await kept;
      const shown = positive(scored);
      ({ rows, ...extras } = await rowsOfKept(db, q.window, scored.slice(Math.min(base.offset, shown), Math.min(base.offset + base.limit, shown)), q.kept, q.rowExtras));
    } else {
      rows = await listTrending(db, { ...base, at: anchor.at });
    }
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
    ...extras,
    ...(version !== undefined ? { version } : {}),
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
  past?: PastScores,
  /** The catalog version this request has already read, if any. */
  version?: number,
): Promise<{ score: number; parts: TrendingParts; at: number } | null> {
  const anchor = await resolveTrendingAnchor(db, window, now, past, version);
  const at = anchor.shownAt;
  const kept = pastScores(db, past, window, anchor.at, now, undefined, past?.versionOf(anchor));
  if (kept) {
    const row = (await kept).find((r) => r.paper_id === paperId);
    return row ? { ...trendingPartsOf(window, row), at } : null;
  }
  const found = await getPaperTrending(db, paperId, window, at);
  return found ? { ...found, at } : null;
}
