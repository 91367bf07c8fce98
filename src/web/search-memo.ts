// Remembers the answers of the search page's recent queries: a search ranks the whole index in
// the search thread (tens of milliseconds at 60k papers, and on 2 cores that thread competes with
// the web process for CPU), while its answer changes only with the catalog. What a search page
// shows of each hit (title, authors, date, category, code badge, snippet) is catalog data: votes,
// comments and saves do not show there (a search sorted by trending, which votes reorder, is not kept).
import type { Db } from '../db/db.ts';
import type { SearchQuery, SearchResult } from '../search/service.ts';
import { getCatalogVersion } from '../store/data-version.ts';

export interface SearchMemo {
  search(query: SearchQuery): Promise<SearchResult>;
  /** Drops every kept answer (a hidden paper, a link edit: writes that change results without an import). */
  forget(): void;
}

/**
 * Answers are kept per query and catalog version (an import bumps it) and for at most maxAgeMs:
 * the search index follows the catalog a little later (it polls), so an answer computed just
 * after an import may still miss its papers. Writes that change results without changing the
 * catalog version (hiding a paper) call forget(), here and when another process announces one.
 * Stand-in answers given while the index is being built (`fromStore`) are never kept.
 */
export function memoizeSearch(db: Db, search: (query: SearchQuery) => Promise<SearchResult>, opts: { maxAgeMs: number; maxEntries?: number; now?: () => number }): SearchMemo {
  const now = opts.now ?? Date.now;
  const maxEntries = opts.maxEntries ?? 500;
  const kept = new Map<string, { version: number; at: number; result: Promise<SearchResult> }>();
  let generation = 0;
  return {
    async search(query) {
      // Ordered by the trending score, which every vote moves: not kept.
      if (query.sort === 'trending') return search(query);
      const key = JSON.stringify([query.q, query.mode, query.sort, query.filters, query.limit, query.offset]);
      const version = await getCatalogVersion(db);
      const known = kept.get(key);
      if (known && known.version === version && now() - known.at < opts.maxAgeMs) return known.result;
      const started = generation;
      const result = search(query);
      const entry = { version, at: now(), result };
      // Kept at once, so the requests arriving meanwhile share one search; dropped if it fails,
      // answers from the store, or a forget() came while it ran (it may have read the old state).
      kept.delete(key);
      kept.set(key, entry);
      if (kept.size > maxEntries) kept.delete(kept.keys().next().value!);
      const drop = () => void (kept.get(key) === entry && kept.delete(key));
      result.then((r) => (r.fromStore || generation !== started) && drop(), drop);
      return result;
    },
    forget() {
      generation++;
      kept.clear();
    },
  };
}
