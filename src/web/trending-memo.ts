// Remembers where "trending now" falls back to on a quiet catalog (trending/listing.ts): two
// whole-window aggregates (~100 ms each at 60k papers on PostgreSQL) that every front page and
// every paper page's trending block would otherwise run, and every vote re-renders some of those.
// The answer reads only what happened before today, which votes and star refreshes (stamped now)
// do not change; imports do (a new catalog version), and so do hides (this process clears it).
import type { Db } from '../db/db.ts';
import { getCatalogVersion } from '../store/data-version.ts';
import { findTrendingFallback, type TrendingFallback, type TrendingFallbackSource } from '../trending/listing.ts';
import type { TrendingWindow } from '../trending/score.ts';

/** Other processes' hides and history backfills (which keep the version) show after at most this long. */
const MAX_AGE_MS = 60_000;

export interface TrendingMemo {
  /** A TrendingFallbackSource for loadTrending and getPaperTrendingNow. */
  fallback: TrendingFallbackSource;
  /** Forgets everything (a write whose effect on the past is unknown: a hide, a moderation). */
  clear(): void;
}

export function memoizeTrendingFallback(now = Date.now): TrendingMemo {
  // One entry per window and day in practice; the key holds the catalog version as well.
  const memo = new Map<string, { at: number; value: Promise<TrendingFallback | null> }>();
  return {
    async fallback(db: Db, window: TrendingWindow, before: number) {
      const key = `${window}|${before}|${await getCatalogVersion(db)}`;
      const known = memo.get(key);
      if (known && now() - known.at < MAX_AGE_MS) return known.value;
      // Kept while in flight too: renders that miss together share one computation.
      const value = findTrendingFallback(db, window, before);
      const entry = { at: now(), value };
      memo.delete(key);
      memo.set(key, entry);
      value.catch(() => memo.get(key) === entry && memo.delete(key));
      // Older versions and days are never asked for again.
      while (memo.size > 16) memo.delete(memo.keys().next().value!);
      return value;
    },
    clear: () => memo.clear(),
  };
}
